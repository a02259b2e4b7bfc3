// POST /payments (reference §2.1): a link payment (card entered on the hosted page), a payment token (what
// Checkout.js gives), or a saved method (merchant-initiated, synchronous, no confirmation).
import type { YooKassaCore } from './core.js';
import { invalid } from './errors.js';
import { parseAmount } from './money.js';
import { authorise, cancelPayment, submitCard } from './outcome.js';
import { checkReceiptTotal } from './receipt.js';
import type { SandboxPayment } from './store.js';
import { paymentObject } from './views.js';
import { createPaymentSchema, parseWire } from './wire.js';

export interface RequestContext {
  idempotenceKey: string | null;
  /** Where the sandbox is reached from outside, e.g. `http://localhost:8081` (the hosted page lives under it). */
  baseUrl: string;
}

export const checkoutUrl = (baseUrl: string, paymentId: string) => `${baseUrl}/yookassa/checkout/${paymentId}`;

export function createPayment(core: YooKassaCore, body: unknown, ctx: RequestContext) {
  const req = parseWire(createPaymentSchema, body);
  const amount = parseAmount(req.amount, 'amount');
  const sources = [req.payment_method_data, req.payment_method_id, req.payment_token].filter((s) => s !== undefined);
  if (sources.length > 1) {
    throw invalid(
      'Request should contain only one of payment_method_data, payment_method_id, payment_token',
      'payment_method_id',
    );
  }
  if (req.payment_method_id !== undefined && req.confirmation) {
    throw invalid('Confirmation must be null when using payment_method_id', 'confirmation');
  }
  if (req.payment_method_id === undefined && req.payment_token === undefined && !req.confirmation) {
    throw invalid('Confirmation is required for this payment', 'confirmation');
  }
  if (req.receipt) checkReceiptTotal(req.receipt, amount);
  const tokenCard = req.payment_token === undefined ? undefined : core.store.cardOfToken(req.payment_token);
  if (req.payment_token !== undefined && !tokenCard) throw invalid('Payment token is invalid', 'payment_token');
  const method = req.payment_method_id === undefined ? undefined : core.store.methods.get(req.payment_method_id);
  if (req.payment_method_id !== undefined && !method) throw invalid('Payment method is not found', 'payment_method_id');
  if (method && !method.saved) throw invalid('Payment method is not saved', 'payment_method_id');

  const id = core.store.newPaymentId();
  const createdAt = new Date();
  const p: SandboxPayment = {
    id,
    status: 'pending',
    amount,
    description: req.description ?? null,
    metadata: req.metadata ?? null,
    receipt: req.receipt ?? null,
    captureReceipt: null,
    capture: req.capture ?? false,
    savePaymentMethod: req.save_payment_method ?? false,
    confirmation: req.confirmation
      ? {
          returnUrl: req.confirmation.return_url,
          enforce: req.confirmation.enforce ?? false,
          url: checkoutUrl(ctx.baseUrl, id),
        }
      : null,
    initiator: method ? 'merchant' : 'customer',
    methodId: method?.id ?? core.store.newMethodId(),
    card: null,
    threeDs: 'none',
    cancellation: null,
    createdAt,
    capturedAt: null,
    expiresAt: null,
    refundedMinor: 0,
    authorization: null,
    idempotenceKey: ctx.idempotenceKey,
  };
  core.store.payments.set(id, p);
  core.at(new Date(createdAt.getTime() + core.pendingTtlMs), () => {
    if (p.status === 'pending') cancelPayment(core, p, 'yoo_money', 'expired_on_confirmation');
  });

  if (method) {
    if (method.status === 'inactive') cancelPayment(core, p, 'yoo_money', 'permission_revoked');
    else {
      const forced = core.store.takeForcedDecline(method.id);
      if (forced === 'permission_revoked') method.status = 'inactive';
      authorise(core, p, method.card, forced);
    }
  } else if (tokenCard && submitCard(core, p, tokenCard) === 'challenge' && !p.confirmation) {
    p.confirmation = { returnUrl: null, enforce: false, url: checkoutUrl(ctx.baseUrl, id) };
  }
  return paymentObject(p, core.store, core.shopId);
}
