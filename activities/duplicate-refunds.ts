// A second capture of one invoice is our mistake: billing gives it back itself, through the refund saga, once per
// acquirer transaction, and says so (the finding resolved, an audit entry, an event for notifications).
import { and, eq } from 'drizzle-orm';
import type { Acquirers } from '../acquiring/registry.js';
import { recordAudit } from '../db/audit.js';
import type { Database } from '../db/create-db.js';
import { invoices, payments, reconciliationDiscrepancies, refunds, subscriptions } from '../db/schema/index.js';
import type { DuplicateCapture, RefundRequest } from '../workflows/refund/types.js';
import { recordAcquirerPayment } from './acquirer-payment-rows.js';
import { appendSubscriptionEvents } from './outbox.js';
import type { FoundDiscrepancy } from './reconciliation-compare.js';
import { RECONCILIATION_ACTOR } from './reconciliation-runs.js';
import { refundableAmount } from './refund-rows.js';

export interface DuplicateRefundDeps {
  db: Database;
  acquirers: Acquirers;
  now: () => Date;
}

/** The refund of one duplicate capture: its id derives from the acquirer transaction, so it is made once. */
export const duplicateRefundId = (transactionId: string) => `dup_${transactionId}`;

/** What a `duplicate_charge` finding names: the extra capture and the first one, which is never touched. */
function duplicateOf(found: FoundDiscrepancy): DuplicateCapture | undefined {
  const first = found.acquirer?.firstCaptureTransactionId;
  const { kind, providerTransactionId: transactionId, invoiceId } = found;
  if (kind !== 'duplicate_charge' || !transactionId || !invoiceId || typeof first !== 'string') return undefined;
  if (first === transactionId) return undefined;
  return { transactionId, firstCaptureTransactionId: first, invoiceId };
}

export function createDuplicateRefundActivities(deps: DuplicateRefundDeps) {
  const { db, now } = deps;
  const findingOf = (provider: { name: string }, transactionId: string) =>
    and(
      eq(reconciliationDiscrepancies.kind, 'duplicate_charge'),
      eq(reconciliationDiscrepancies.provider, provider.name),
      eq(reconciliationDiscrepancies.subject, transactionId),
    );
  const paymentOf = async (provider: { name: string }, transactionId: string) =>
    (
      await db
        .select()
        .from(payments)
        .where(and(eq(payments.provider, provider.name), eq(payments.providerTransactionId, transactionId)))
    )[0];

  return {
    /**
     * The refund request that gives a duplicate capture back, or null when there is nothing to start (not a
     * duplicate of ours, already being refunded, nothing left to give back, our record of it not settled yet). Both
     * captures are recorded first when our books lack them, so the books show what the acquirer took.
     */
    async prepareDuplicateRefund(found: FoundDiscrepancy): Promise<RefundRequest | null> {
      const duplicate = duplicateOf(found);
      if (!duplicate) return null;
      const { transactionId, firstCaptureTransactionId, invoiceId } = duplicate;
      // The acquirer that listed both captures (a finding from before several acquirers: the one of that time).
      const provider = { name: found.provider ?? deps.acquirers.defaultName };
      const [invoice] = await db
        .select({ subscriptionId: invoices.subscriptionId, userId: subscriptions.userId })
        .from(invoices)
        .innerJoin(subscriptions, eq(invoices.subscriptionId, subscriptions.id))
        .where(eq(invoices.id, invoiceId));
      if (!invoice) return null;
      for (const providerTransactionId of [firstCaptureTransactionId, transactionId]) {
        if (await paymentOf(provider, providerTransactionId)) continue;
        await recordAcquirerPayment(
          { ...deps, provider },
          { ...invoice, invoiceId, outcome: 'succeeded', providerTransactionId },
        );
      }
      const payment = await paymentOf(provider, transactionId);
      if (!payment || payment.invoiceId !== invoiceId || payment.status !== 'succeeded') return null;
      if (refundableAmount(payment) <= 0) return null;
      const refundId = duplicateRefundId(transactionId);
      const [started] = await db.select({ id: refunds.id }).from(refunds).where(eq(refunds.id, refundId));
      if (started) return null;
      await db.update(reconciliationDiscrepancies).set({ refundId }).where(findingOf(provider, transactionId));
      return {
        refundId,
        paymentId: payment.id,
        amount: null,
        reason: `duplicate capture of invoice ${invoiceId}: transaction ${transactionId} after ${firstCaptureTransactionId}`,
        requestedBy: RECONCILIATION_ACTOR,
        // Our own mistake: given back at once, never waiting for an operator whatever REFUND_APPROVAL_THRESHOLD is.
        approvalThreshold: null,
        approvalTimeoutMs: 0,
        duplicateCapture: duplicate,
      };
    },

    /** After the refund succeeded: the finding is resolved by it, audited, and the payer's services are told. */
    async recordDuplicateRefunded({ refundId, duplicate }: { refundId: string; duplicate: DuplicateCapture }) {
      await db.transaction(async (tx) => {
        const [row] = await tx
          .select({ refund: refunds, payment: payments })
          .from(refunds)
          .innerJoin(payments, eq(refunds.paymentId, payments.id))
          .where(eq(refunds.id, refundId));
        if (row?.refund.status !== 'succeeded') return;
        const { refund, payment } = row;
        await tx
          .select({ id: subscriptions.id })
          .from(subscriptions)
          .where(eq(subscriptions.id, payment.subscriptionId))
          .for('update');
        const at = now();
        const [finding] = await tx
          .update(reconciliationDiscrepancies)
          .set({ resolved: true, resolvedAt: at, refundId })
          .where(
            and(
              findingOf({ name: payment.provider }, duplicate.transactionId),
              eq(reconciliationDiscrepancies.resolved, false),
            ),
          )
          .returning({ id: reconciliationDiscrepancies.id });
        if (finding) {
          await recordAudit(tx, {
            actor: RECONCILIATION_ACTOR,
            action: 'discrepancy.resolved',
            entityType: 'discrepancy',
            entityId: finding.id,
            reason: `duplicate capture given back by refund ${refundId}`,
            before: { resolved: false },
            after: { resolved: true, refundId, refundTransactionId: refund.providerTransactionId },
          });
        }
        const data = {
          refundId,
          paymentId: payment.id,
          invoiceId: payment.invoiceId,
          subscriptionId: payment.subscriptionId,
          userId: payment.userId,
          providerTransactionId: duplicate.transactionId,
          firstCaptureTransactionId: duplicate.firstCaptureTransactionId,
          amount: refund.amount,
          currency: refund.currency,
        };
        const event = { id: `evt_${refundId}_duplicate_refunded`, type: 'payment.duplicate_refunded', data };
        await appendSubscriptionEvents(tx, payment.subscriptionId, [event], at);
      });
    },
  };
}
