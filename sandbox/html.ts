// Minimal HTML for the hosted payment page and the 3-D Secure page. Everything interpolated is escaped.
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (value: unknown) => String(value ?? '').replace(/[&<>"']/g, (ch) => ESCAPES[ch] ?? ch);

export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem}
label{display:block;margin:.6rem 0}input{width:100%;padding:.4rem;font-size:1rem}
button{margin-top:1rem;padding:.6rem 1.2rem;font-size:1rem}.error{color:#b00020}.muted{color:#666}</style>
</head><body>${body}</body></html>`;
}

/** A form the browser submits at once (used to move the payer to the ACS and back, as real 3DS does). */
export function autoPost(action: string, fields: Record<string, string>, label: string): string {
  const inputs = Object.entries(fields)
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('');
  return page(
    label,
    `<form method="post" action="${escapeHtml(action)}">${inputs}<noscript><button type="submit">${escapeHtml(label)}</button></noscript></form>
<script>document.forms[0].submit()</script>`,
  );
}

export function cardForm(order: { id: string; description: string; amount: number; currency: string }, error?: string) {
  return page(
    'Оплата заказа',
    `<h1>Оплата</h1>
<p id="description">${escapeHtml(order.description)}</p>
<p id="amount"><strong>${escapeHtml(order.amount.toFixed(2))} ${escapeHtml(order.currency)}</strong></p>
${error ? `<p class="error" id="error">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/d/${escapeHtml(order.id)}">
<label>Номер карты <input name="cardNumber" id="cardNumber" inputmode="numeric" autocomplete="cc-number" required></label>
<label>Срок действия (ММ/ГГ) <input name="exp" id="exp" placeholder="12/30" autocomplete="cc-exp" required></label>
<label>CVV <input name="cvv" id="cvv" inputmode="numeric" autocomplete="cc-csc" required></label>
<label>Имя держателя <input name="name" id="name" autocomplete="cc-name"></label>
<button type="submit" id="pay">Оплатить</button>
</form>
<p class="muted">CloudPayments sandbox: test cards only.</p>`,
  );
}

export function acsPage(fields: { paReq: string; md: string; termUrl: string; summary: string }) {
  const hidden = (name: string, value: string) => `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`;
  return page(
    '3-D Secure',
    `<h1>3-D Secure</h1>
<p id="summary">${escapeHtml(fields.summary)}</p>
<form method="post" action="/acs/answer">
${hidden('MD', fields.md)}${hidden('TermUrl', fields.termUrl)}${hidden('PaReq', fields.paReq)}
<label>Код из SMS (любой) <input name="code" id="code" value=""></label>
<button type="submit" name="result" value="success" id="confirm">Подтвердить</button>
<button type="submit" name="result" value="fail" id="decline">Отклонить</button>
</form>`,
  );
}

export function resultPage(ok: boolean, message: string) {
  return page(
    ok ? 'Оплачено' : 'Оплата не прошла',
    `<h1 id="result">${ok ? 'Оплачено' : 'Оплата не прошла'}</h1><p>${escapeHtml(message)}</p>`,
  );
}
