// The payment and refund objects as YooKassa's API and notifications show them.
import { wireAmount } from './money.js';
import type { PaymentStatus, SandboxPayment, SandboxRefund, Store } from './store.js';

/** Receipts are registered (simulated) when the money is taken. */
const RECEIPT_REGISTRATION: Record<PaymentStatus, 'pending' | 'succeeded' | 'canceled'> = {
  pending: 'pending',
  waiting_for_capture: 'pending',
  succeeded: 'succeeded',
  canceled: 'canceled',
};

/** YooKassa's fee in the sandbox: 3.5 % (income_amount = amount − fee). */
const FEE_RATE = 0.035;

function paymentMethod(p: SandboxPayment, store: Store) {
  const saved = store.methods.get(p.methodId);
  const card = p.card ?? saved?.card;
  return {
    type: 'bank_card',
    id: p.methodId,
    saved: saved?.saved ?? false,
    ...(saved?.saved ? { status: saved.status } : {}),
    ...(card
      ? {
          title: `Bank card *${card.number.slice(-4)}`,
          card: {
            first6: card.number.slice(0, 6),
            last4: card.number.slice(-4),
            expiry_month: card.expiryMonth,
            expiry_year: card.expiryYear,
            card_type: card.brand,
            issuer_country: 'RU',
          },
        }
      : {}),
  };
}

export function paymentObject(p: SandboxPayment, store: Store, shopId: string) {
  const paid = p.status === 'waiting_for_capture' || p.status === 'succeeded';
  const fee = Math.round(p.amount.minor * FEE_RATE);
  return {
    id: p.id,
    status: p.status,
    paid,
    amount: wireAmount(p.amount),
    ...(paid ? { income_amount: wireAmount({ minor: p.amount.minor - fee, currency: p.amount.currency }) } : {}),
    ...(p.description !== null ? { description: p.description } : {}),
    recipient: { account_id: shopId, gateway_id: `${shopId}1` },
    payment_method: paymentMethod(p, store),
    ...(p.capturedAt ? { captured_at: p.capturedAt.toISOString() } : {}),
    created_at: p.createdAt.toISOString(),
    ...(p.expiresAt && p.status === 'waiting_for_capture' ? { expires_at: p.expiresAt.toISOString() } : {}),
    ...(p.confirmation && p.status === 'pending'
      ? {
          confirmation: {
            type: 'redirect',
            ...(p.confirmation.enforce ? { enforce: true } : {}),
            ...(p.confirmation.returnUrl ? { return_url: p.confirmation.returnUrl } : {}),
            confirmation_url: p.confirmation.url,
          },
        }
      : {}),
    test: true,
    ...(p.status === 'succeeded'
      ? { refunded_amount: wireAmount({ minor: p.refundedMinor, currency: p.amount.currency }) }
      : {}),
    refundable: p.status === 'succeeded' && p.refundedMinor < p.amount.minor,
    ...(p.receipt || p.captureReceipt ? { receipt_registration: RECEIPT_REGISTRATION[p.status] } : {}),
    metadata: p.metadata ?? {},
    ...(p.cancellation ? { cancellation_details: p.cancellation } : {}),
    ...(p.authorization
      ? {
          authorization_details: {
            rrn: p.authorization.rrn,
            auth_code: p.authorization.authCode,
            three_d_secure: { applied: p.threeDs === 'passed' },
          },
        }
      : {}),
  };
}

export function refundObject(r: SandboxRefund) {
  return {
    id: r.id,
    payment_id: r.paymentId,
    status: r.status,
    amount: wireAmount(r.amount),
    created_at: r.createdAt.toISOString(),
    ...(r.description !== null ? { description: r.description } : {}),
    ...(r.receipt ? { receipt_registration: 'succeeded' } : {}),
    ...(r.metadata ? { metadata: r.metadata } : {}),
    ...(r.cancellation ? { cancellation_details: r.cancellation } : {}),
  };
}
