// Capture and cancel of a hold (reference §2.5), refunds (§5): only from the states YooKassa allows.
import type { YooKassaCore } from './core.js';
import { invalid, YooKassaError } from './errors.js';
import { parseAmount } from './money.js';
import { cancelPayment, notifyPayment } from './outcome.js';
import { checkReceiptTotal } from './receipt.js';
import type { SandboxPayment, SandboxRefund } from './store.js';
import { paymentObject, refundObject } from './views.js';
import { capturePaymentSchema, createRefundSchema, parseWire } from './wire.js';

export function findPayment(core: YooKassaCore, id: string): SandboxPayment {
  const p = core.store.payments.get(id);
  if (!p) throw new YooKassaError('not_found', `Payment ${id} not found`);
  return p;
}

export function capturePayment(core: YooKassaCore, id: string, body: unknown) {
  const p = findPayment(core, id);
  const req = parseWire(capturePaymentSchema, body);
  if (p.status !== 'waiting_for_capture') throw invalid('Payment can not be captured in current status');
  const amount = req.amount ? parseAmount(req.amount, 'amount') : p.amount;
  if (amount.currency !== p.amount.currency) throw invalid('Currencies do not match', 'amount.currency');
  if (amount.minor > p.amount.minor) throw invalid('Capture amount exceeds the authorized amount', 'amount.value');
  if (req.receipt) checkReceiptTotal(req.receipt, amount);
  p.amount = amount;
  p.captureReceipt = req.receipt ?? null;
  p.status = 'succeeded';
  p.capturedAt = new Date();
  p.expiresAt = null;
  notifyPayment(core, p);
  return paymentObject(p, core.store, core.shopId);
}

export function cancelHold(core: YooKassaCore, id: string) {
  const p = findPayment(core, id);
  if (p.status === 'pending' && p.capture) throw invalid('You can not cancel payment with autocapture');
  if (p.status !== 'waiting_for_capture') throw invalid('Payment can not be canceled in current status');
  cancelPayment(core, p, 'merchant', 'canceled_by_merchant');
  return paymentObject(p, core.store, core.shopId);
}

export function createRefund(core: YooKassaCore, body: unknown, idempotenceKey: string | null) {
  const req = parseWire(createRefundSchema, body);
  const amount = parseAmount(req.amount, 'amount');
  const p = core.store.payments.get(req.payment_id);
  if (!p) throw invalid(`Payment ${req.payment_id} not found`, 'payment_id');
  if (p.status !== 'succeeded') throw invalid('Payment can not be refunded in current status', 'payment_id');
  if (amount.currency !== p.amount.currency) throw invalid('Currencies do not match', 'amount.currency');
  const left = p.amount.minor - p.refundedMinor;
  if (left === 0) throw invalid('Payment is already completely refunded', 'payment_id');
  if (amount.minor > left) throw invalid('Refund sum exceeded', 'amount.value');
  if (req.receipt) checkReceiptTotal(req.receipt, amount);
  const failure = core.store.takeForcedRefundFailure(p.id);
  const refund: SandboxRefund = {
    id: core.store.newRefundId(),
    paymentId: p.id,
    status: failure ? 'canceled' : 'succeeded',
    cancellation: failure ? { party: 'yoo_money', reason: failure } : null,
    amount,
    description: req.description ?? null,
    metadata: req.metadata ?? null,
    receipt: req.receipt ?? null,
    createdAt: new Date(),
    idempotenceKey,
  };
  core.store.refunds.set(refund.id, refund);
  const object = refundObject(refund);
  // YooKassa has no refund.canceled event: a canceled refund is found only by asking.
  if (failure) return object;
  p.refundedMinor += amount.minor;
  core.notifier.send('refund.succeeded', object);
  return object;
}

export function findRefund(core: YooKassaCore, id: string) {
  const r = core.store.refunds.get(id);
  if (!r) throw new YooKassaError('not_found', `Refund ${id} not found`);
  return refundObject(r);
}
