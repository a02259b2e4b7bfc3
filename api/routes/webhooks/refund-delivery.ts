import { WorkflowNotFoundError } from '@temporalio/client';
import { and, asc, eq } from 'drizzle-orm';
import type { WebhookEvent } from '../../../acquiring/provider.js';
import type { Database } from '../../../db/create-db.js';
import { payments, refunds } from '../../../db/schema/index.js';
import { refundResultSignal } from '../../../workflows/refund/messages.js';
import { refundWorkflowId } from '../../../workflows/workflow-ids.js';
import type { AppDeps } from '../../app-env.js';

/**
 * The refund a `refund` notification reports: ours by id when the acquirer echoes it, else the oldest pending refund
 * of that payment and amount (the one whose answer we are still waiting for).
 */
async function findNotifiedRefund(db: Database, provider: string, event: WebhookEvent) {
  if (event.refundId) {
    const [byId] = await db.select().from(refunds).where(eq(refunds.id, event.refundId));
    if (byId) return byId;
  }
  if (!event.paymentTransactionId) return undefined;
  const [candidate] = await db
    .select({ refund: refunds })
    .from(refunds)
    .innerJoin(payments, eq(refunds.paymentId, payments.id))
    .where(
      and(
        eq(payments.provider, provider),
        eq(payments.providerTransactionId, event.paymentTransactionId),
        eq(refunds.status, 'pending'),
        eq(refunds.amount, event.amount ?? -1),
      ),
    )
    .orderBy(asc(refunds.createdAt))
    .limit(1);
  return candidate?.refund;
}

/** Tells the refund's workflow the acquirer has refunded; a refund we already settled changes nothing. */
export async function deliverRefundNotification({ db, temporal, provider }: AppDeps, event: WebhookEvent) {
  const refund = await findNotifiedRefund(db, provider.name, event);
  if (refund?.status !== 'pending') return;
  try {
    await temporal.workflow.getHandle(refundWorkflowId(refund.id)).signal(refundResultSignal, {
      outcome: 'succeeded',
      providerTransactionId: event.providerTransactionId,
    });
  } catch (error) {
    // The refund's workflow has ended: its outcome is already recorded; the inbox keeps the notification.
    if (!(error instanceof WorkflowNotFoundError)) throw error;
  }
}
