// A notification the API does not take on trust — a signed `pay` that contradicts our books, or anything an acquirer
// that does not sign tells us — is believed only once the acquirer's own record confirms it: the API starts this
// workflow instead of signalling, the lookup is an activity (the API never calls the acquirer), and only what the
// lookup shows reaches the subscription's (or the refund's) workflow.
import { getExternalWorkflowHandle, isCancellation, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { DoubtedPayment, NotificationLookupResult } from '../activities/notification-lookup.js';
import type { PaymentOutcomeFact } from '../domain/subscription/messages.js';
import { refundResultSignal } from './refund/messages.js';
import type { RefundResultFact } from './refund/types.js';
import { paymentRefundedSignal, paymentResultSignal } from './subscription/messages.js';
import { refundWorkflowId, subscriptionWorkflowId } from './workflow-ids.js';

export interface NotificationLookupInput {
  /** Known when the API could tell (a signed claim); an unsigned one's subscription comes from the lookup. */
  subscriptionId?: string | undefined;
  claim: DoubtedPayment;
  /** The fact a signed claim would be; lookups recorded before facts came from the lookup signal this one. */
  fact?: PaymentOutcomeFact | undefined;
}

/** Asked until the acquirer answers: an outage delays the payment's effect, never loses it. */
const acquirer = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', maximumInterval: '5 minutes', backoffCoefficient: 2 },
});

/** false: that workflow has ended (or never was). */
async function signal(workflowId: string, name: string, arg: unknown): Promise<boolean> {
  try {
    await getExternalWorkflowHandle(workflowId).signal(name, arg);
    return true;
  } catch (error) {
    if (isCancellation(error)) throw error;
    return false;
  }
}

/** A refund's workflow is told; one that has ended is set right in the books, as a signed notification would be. */
async function tellRefund(refund: { refundId: string; fact: RefundResultFact }) {
  if (await signal(refundWorkflowId(refund.refundId), refundResultSignal.name, refund.fact)) return;
  const applied = await acquirer.applyAcquirerRefund({ ...refund, actor: 'system:webhook' });
  if (applied.outcome !== 'settled' && applied.outcome !== 'corrected') return;
  const { view } = applied;
  if (!applied.fullyRefunded || view.status !== 'succeeded') return;
  const refunded = { invoiceId: view.invoiceId, refundId: view.refundId };
  await signal(subscriptionWorkflowId(view.subscriptionId), paymentRefundedSignal.name, refunded);
}

export async function notificationLookupWorkflow(input: NotificationLookupInput): Promise<{ confirmed: boolean }> {
  const result: NotificationLookupResult = await acquirer.confirmNotifiedPayment(input.claim);
  const { confirmed } = result;
  if (!confirmed) return { confirmed };
  if (result.refund) {
    await tellRefund(result.refund);
    return { confirmed };
  }
  const fact = result.fact === undefined ? input.fact : result.fact;
  const subscriptionId = result.subscriptionId ?? input.subscriptionId;
  if (!fact || !subscriptionId) return { confirmed };
  // The subscription's workflow may have ended: our row is corrected, and reconciliation sees the rest.
  await signal(subscriptionWorkflowId(subscriptionId), paymentResultSignal.name, fact);
  return { confirmed };
}
