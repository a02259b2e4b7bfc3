// The ground truth for tests (`GET /yookassa/_sandbox/transactions`): every payment and refund as stored, with
// its Idempotence-Key and the receipt exactly as it was received.
import type { YooKassaCore } from './core.js';
import { wireAmount } from './money.js';

export function ledger(core: YooKassaCore) {
  const payments = [...core.store.payments.values()].map((p) => ({
    kind: 'payment' as const,
    id: p.id,
    status: p.status,
    amount: wireAmount(p.amount),
    refunded_amount: wireAmount({ minor: p.refundedMinor, currency: p.amount.currency }),
    capture: p.capture,
    initiator: p.initiator,
    payment_method_id: p.methodId,
    payment_method_saved: core.store.methods.get(p.methodId)?.saved ?? false,
    card_last4: p.card?.number.slice(-4) ?? null,
    three_d_secure: p.threeDs,
    cancellation_details: p.cancellation,
    description: p.description,
    metadata: p.metadata,
    receipt: p.receipt,
    capture_receipt: p.captureReceipt,
    idempotence_key: p.idempotenceKey,
    created_at: p.createdAt.toISOString(),
    captured_at: p.capturedAt?.toISOString() ?? null,
    expires_at: p.expiresAt?.toISOString() ?? null,
  }));
  const refunds = [...core.store.refunds.values()].map((r) => ({
    kind: 'refund' as const,
    id: r.id,
    payment_id: r.paymentId,
    status: r.status,
    amount: wireAmount(r.amount),
    cancellation_details: r.cancellation,
    description: r.description,
    metadata: r.metadata,
    receipt: r.receipt,
    idempotence_key: r.idempotenceKey,
    created_at: r.createdAt.toISOString(),
  }));
  return [...payments, ...refunds].sort((a, b) => a.created_at.localeCompare(b.created_at));
}
