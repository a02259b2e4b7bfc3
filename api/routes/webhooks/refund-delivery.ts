import { WorkflowNotFoundError } from '@temporalio/client';
import { and, asc, eq } from 'drizzle-orm';
import type { AcquirerNotification } from '../../../acquiring/provider.js';
import { applyAcquirerRefund } from '../../../activities/refund-corrections.js';
import type { Database } from '../../../db/create-db.js';
import { payments, refunds } from '../../../db/schema/index.js';
import { refundResultSignal } from '../../../workflows/refund/messages.js';
import type { RefundResultFact } from '../../../workflows/refund/types.js';
import { paymentRefundedSignal } from '../../../workflows/subscription/messages.js';
import { refundWorkflowId, subscriptionWorkflowId } from '../../../workflows/workflow-ids.js';
import type { AcquirerRouteDeps } from '../../app-env.js';

/**
 * The refund a `refund` notification reports: ours by id when the acquirer echoes it, else the oldest pending refund
 * of that payment and amount (the one whose answer we are still waiting for).
 */
async function findNotifiedRefund(db: Database, provider: string, event: AcquirerNotification) {
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

/**
 * Tells the refund's workflow the acquirer has refunded. A refund we marked failed, or one left pending by a workflow
 * that has ended, is set right in the books here (audited, announced); a refund settled succeeded changes nothing.
 */
export async function deliverRefundNotification(deps: AcquirerRouteDeps, event: AcquirerNotification) {
  const { db, temporal, provider } = deps;
  const refund = await findNotifiedRefund(db, provider.name, event);
  const fact = { outcome: 'succeeded' as const, providerTransactionId: event.providerTransactionId };
  if (refund?.status === 'failed') return correctBooks(deps, refund.id, fact);
  if (refund?.status !== 'pending') return;
  try {
    await temporal.workflow.getHandle(refundWorkflowId(refund.id)).signal(refundResultSignal, fact);
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError)) throw error;
    await correctBooks(deps, refund.id, fact);
  }
}

async function correctBooks(deps: AcquirerRouteDeps, refundId: string, fact: RefundResultFact) {
  const now = deps.now ?? (() => new Date());
  const applied = await applyAcquirerRefund(deps.db, now, { refundId, fact, actor: 'system:webhook' });
  if (applied.outcome !== 'settled' && applied.outcome !== 'corrected') return;
  const { view } = applied;
  if (!applied.fullyRefunded || view.status !== 'succeeded') return;
  // A full refund of the current period's payment ends the subscription; the subscription decides whether it is.
  await temporal(deps)
    .getHandle(subscriptionWorkflowId(view.subscriptionId))
    .signal(paymentRefundedSignal, { invoiceId: view.invoiceId, refundId: view.refundId })
    .catch((error: unknown) => {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
    });
}

const temporal = (deps: AcquirerRouteDeps) => deps.temporal.workflow;
