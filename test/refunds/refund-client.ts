// Refund helpers over the HTTP API, as an operator's tools would call it.
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { payments } from '../../db/schema/index.js';
import { billingClient, type Json, until } from '../support/billing-client.js';
import type { Harness } from '../support/harness.js';

export const ADMIN = 'admin-refunds';
/** The second operator of maker-checker: approves what ADMIN requested. */
export const CHECKER = 'admin-checker';

export function refundClient(h: Harness) {
  const api = billingClient(h);
  return {
    refund: (paymentId: string, body: Json, key: string = randomUUID()) =>
      api.call('POST', `/v1/payments/${paymentId}/refunds`, ADMIN, body, { 'idempotency-key': key }),
    get: async (refundId: string) => (await api.call('GET', `/v1/refunds/${refundId}`, ADMIN)).body,
    payment: async (paymentId: string) => (await api.call('GET', `/v1/payments/${paymentId}`, ADMIN)).body,
    /** A decision by `operator` (by default the one who requested every refund here); `key` is its Idempotency-Key. */
    decide: (refundId: string, verb: 'approve' | 'reject', reason?: string, operator = ADMIN, key?: string) =>
      api.call(
        'POST',
        `/v1/refunds/${refundId}/${verb}`,
        operator,
        reason ? { reason } : {},
        key ? { 'idempotency-key': key } : {},
      ),
    /** Waits until the refund leaves pending / awaiting_approval. */
    settled: (refundId: string, timeoutMs = 60_000) =>
      until(
        `refund ${refundId} to settle`,
        async () => {
          const r = (await api.call('GET', `/v1/refunds/${refundId}`, ADMIN)).body;
          return r && !['pending', 'awaiting_approval'].includes(r.status) ? r : undefined;
        },
        timeoutMs,
      ),
    /** The captured payment of an invoice. */
    paidPayment: async (invoiceId: string) => {
      const [row] = await h.database.db
        .select()
        .from(payments)
        .where(and(eq(payments.invoiceId, invoiceId), eq(payments.status, 'succeeded')));
      if (!row) throw new Error(`no captured payment for ${invoiceId}`);
      return row;
    },
    /** Refunds in the sandbox's ledger for an invoice: the ground truth for "refunded exactly once". */
    ledgerRefunds: async (invoiceId: string) =>
      (await api.ledger(invoiceId)).filter((t: Json) => t.Type === 1) as Json[],
  };
}
