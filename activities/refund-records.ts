// The refund saga's database steps: reserve, decide, settle. Each is one transaction that locks the payment row, so
// concurrent refunds can never take more than was captured, and each is a no-op when repeated.
import { ApplicationFailure } from '@temporalio/activity';
import { eq, sql } from 'drizzle-orm';
import { recordAudit } from '../db/audit.js';
import type { Database } from '../db/create-db.js';
import { payments, refunds } from '../db/schema/index.js';
import { isNotFoundFact, refundMayStillHappen } from '../domain/refund-attempts.js';
import type { BusinessMetrics } from '../observability/business-metrics.js';
import type { RefundDecision, RefundRequest, RefundResultFact, RefundView } from '../workflows/refund/types.js';
import { logRefundView } from './refund-log.js';
import { lockRefund, refundableAmount, toRefundView } from './refund-rows.js';
import { settlePendingRefund } from './refund-settlement.js';

export interface RefundRecordDeps {
  db: Database;
  now: () => Date;
  metrics?: BusinessMetrics | undefined;
}

const refused = (type: string, message: string, details: Record<string, unknown>) =>
  ApplicationFailure.create({ type, message, details: [details], nonRetryable: true });

export function createRefundRecordActivities({ db, now, metrics }: RefundRecordDeps) {
  return {
    async reserveRefund(request: RefundRequest): Promise<RefundView> {
      // Counted once committed, and only by the call that wrote the row (a retry finds it and counts nothing).
      let created = false;
      const view = await db.transaction(async (tx) => {
        const [payment] = await tx.select().from(payments).where(eq(payments.id, request.paymentId)).for('update');
        if (!payment) throw refused('payment_not_found', `payment ${request.paymentId} was not found`, {});
        const [existing] = await tx.select().from(refunds).where(eq(refunds.id, request.refundId));
        if (existing) return toRefundView(existing, payment);
        if (payment.status !== 'succeeded' || !payment.providerTransactionId) {
          throw refused('payment_not_refundable', `payment ${payment.id} is ${payment.status}: nothing was captured`, {
            status: payment.status,
          });
        }
        const left = refundableAmount(payment);
        const amount = request.amount ?? left;
        if (amount <= 0 || amount > left) {
          throw refused('refund_exceeds_captured', `at most ${left} ${payment.currency} minor units can be refunded`, {
            requested: amount,
            refundable: left,
            captured: payment.amount,
            refunded: payment.refundedAmount,
            reserved: payment.reservedRefundAmount,
          });
        }
        const at = now();
        const needsApproval = request.approvalThreshold !== null && amount > request.approvalThreshold;
        await tx
          .update(payments)
          .set({ reservedRefundAmount: sql`${payments.reservedRefundAmount} + ${amount}`, updatedAt: at })
          .where(eq(payments.id, payment.id));
        const [row] = await tx
          .insert(refunds)
          .values({
            id: request.refundId,
            paymentId: payment.id,
            amount,
            currency: payment.currency,
            status: needsApproval ? 'awaiting_approval' : 'pending',
            reason: request.reason,
            idempotencyKey: request.refundId,
            requestedBy: request.requestedBy,
            approvalDeadline: needsApproval ? new Date(at.getTime() + request.approvalTimeoutMs) : null,
            createdAt: at,
            updatedAt: at,
          })
          .returning();
        if (!row) throw new Error(`refund ${request.refundId} was not written`);
        await recordAudit(tx, {
          actor: request.requestedBy,
          action: 'refund.requested',
          entityType: 'refund',
          entityId: row.id,
          reason: request.reason,
          after: { paymentId: payment.id, amount, status: row.status },
        });
        created = true;
        return toRefundView(row, payment);
      });
      if (created) metrics?.refundReached(view.status);
      logRefundView('refund requested', view, { actor: request.requestedBy });
      return view;
    },

    /** An operator's decision (or the deadline's): approve keeps the reservation; reject releases it. */
    async decideRefund({ refundId, decision }: { refundId: string; decision: RefundDecision }): Promise<RefundView> {
      let decided = false;
      const view = await db.transaction(async (tx) => {
        const { refund, payment } = await lockRefund(tx, refundId);
        if (refund.status !== 'awaiting_approval') return toRefundView(refund, payment);
        decided = true;
        const at = now();
        const status = decision.approved ? ('pending' as const) : ('rejected' as const);
        if (!decision.approved) {
          await tx
            .update(payments)
            .set({ reservedRefundAmount: sql`${payments.reservedRefundAmount} - ${refund.amount}`, updatedAt: at })
            .where(eq(payments.id, payment.id));
        }
        const [row] = await tx
          .update(refunds)
          .set({
            status,
            decidedBy: decision.actor,
            failureReason: decision.approved ? null : (decision.reason ?? null),
            updatedAt: at,
          })
          .where(eq(refunds.id, refundId))
          .returning();
        await recordAudit(tx, {
          actor: decision.actor,
          action: decision.approved ? 'refund.approved' : 'refund.rejected',
          entityType: 'refund',
          entityId: refundId,
          reason: decision.reason,
          before: { status: refund.status },
          // The maker beside the checker, so one entry shows both operators.
          after: { status, requestedBy: refund.requestedBy },
        });
        return toRefundView(row ?? refund, payment);
      });
      if (decided) metrics?.refundReached(view.status);
      logRefundView(decision.approved ? 'refund approved' : 'refund rejected', view, { actor: decision.actor });
      return view;
    },

    /**
     * Records the acquirer's outcome once: success moves the reservation to refunded; a refusal releases it. A "not
     * found" heard while the refund may still happen changes nothing (the view stays `pending`).
     */
    async settleRefund({ refundId, fact }: { refundId: string; fact: RefundResultFact }) {
      let settled = false;
      const result = await db.transaction(async (tx) => {
        const { refund, payment } = await lockRefund(tx, refundId);
        const at = now();
        // "Not found" while our call may still land is no answer: the refund stays pending for its own call to settle.
        const early = isNotFoundFact(fact) && refundMayStillHappen(refund.lastAttemptAt, at);
        if (refund.status !== 'pending' || early) {
          return { view: toRefundView(refund, payment), fullyRefunded: payment.refundedAmount === payment.amount };
        }
        const { refund: final, payment: after } = await settlePendingRefund(
          tx,
          { refund, payment },
          fact,
          at,
          'system:refund',
        );
        settled = final.status !== 'pending';
        return { view: toRefundView(final, after), fullyRefunded: after.refundedAmount === after.amount };
      });
      if (settled) metrics?.refundReached(result.view.status);
      return result;
    },
  };
}
