// The HTML of YooKassa's confirmation pages in the sandbox: card form and 3-D Secure code. Interpolations escaped.
import { escapeHtml, page } from '../html.js';
import { wireAmount } from './money.js';
import type { SandboxPayment } from './store.js';

const amountText = (p: SandboxPayment) => {
  const { value, currency } = wireAmount(p.amount);
  return `${value} ${currency}`;
};

export function checkoutForm(p: SandboxPayment, error?: string) {
  return page(
    'ЮKassa — оплата',
    `<h1>Оплата картой</h1>
<p id="description">${escapeHtml(p.description ?? '')}</p>
<p id="amount"><strong>${escapeHtml(amountText(p))}</strong></p>
${error ? `<p class="error" id="error">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/yookassa/checkout/${escapeHtml(p.id)}">
<label>Номер карты <input name="cardNumber" id="cardNumber" inputmode="numeric" autocomplete="cc-number" required></label>
<label>Срок действия (ММ/ГГ) <input name="exp" id="exp" placeholder="12/30" autocomplete="cc-exp" required></label>
<label>CVC <input name="cvv" id="cvv" inputmode="numeric" autocomplete="cc-csc" required></label>
<button type="submit" id="pay">Заплатить</button>
</form>
<p class="muted">YooKassa sandbox: test cards only.</p>`,
  );
}

export function threeDsForm(p: SandboxPayment) {
  return page(
    '3-D Secure',
    `<h1>3-D Secure</h1>
<p id="summary">Подтвердите оплату ${escapeHtml(amountText(p))} картой *${escapeHtml(p.card?.number.slice(-4) ?? '')}</p>
<form method="post" action="/yookassa/checkout/${escapeHtml(p.id)}/3ds">
<label>Код из SMS (любой) <input name="code" id="code" value=""></label>
<button type="submit" name="result" value="success" id="confirm">Подтвердить</button>
<button type="submit" name="result" value="fail" id="decline">Отклонить</button>
</form>`,
  );
}

export function outcomePage(p: SandboxPayment | undefined) {
  const ok = p?.status === 'succeeded' || p?.status === 'waiting_for_capture';
  const detail = p ? `Платёж: ${p.status}${p.cancellation ? ` (${p.cancellation.reason})` : ''}` : 'Платёж не найден';
  return page(
    ok ? 'Оплачено' : 'Оплата не прошла',
    `<h1 id="result">${ok ? 'Оплачено' : 'Оплата не прошла'}</h1><p>${escapeHtml(detail)}</p>`,
  );
}
