// A `pay` notification that contradicts our books (a transaction we recorded as declined, an attempt other than the
// open one) is believed only once the acquirer's own record confirms it: the API starts this workflow instead of
// signalling, the lookup is an activity (the API never calls the acquirer), and only a confirmed payment reaches the
// subscription's workflow, as the same fact a notification would have been.
import { getExternalWorkflowHandle, isCancellation, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { DoubtedPayment } from '../activities/notification-lookup.js';
import type { PaymentOutcomeFact } from '../domain/subscription/messages.js';
import { paymentResultSignal } from './subscription/messages.js';
import { subscriptionWorkflowId } from './workflow-ids.js';

export interface NotificationLookupInput {
  subscriptionId: string;
  claim: DoubtedPayment;
  fact: PaymentOutcomeFact;
}

/** Asked until the acquirer answers: an outage delays the payment's effect, never loses it. */
const acquirer = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', maximumInterval: '5 minutes', backoffCoefficient: 2 },
});

export async function notificationLookupWorkflow(input: NotificationLookupInput): Promise<{ confirmed: boolean }> {
  const { confirmed } = await acquirer.confirmNotifiedPayment(input.claim);
  if (!confirmed) return { confirmed };
  try {
    await getExternalWorkflowHandle(subscriptionWorkflowId(input.subscriptionId)).signal(
      paymentResultSignal,
      input.fact,
    );
  } catch (error) {
    // The subscription's workflow has ended: our row is corrected, and reconciliation sees the rest.
    if (isCancellation(error)) throw error;
  }
  return { confirmed };
}
