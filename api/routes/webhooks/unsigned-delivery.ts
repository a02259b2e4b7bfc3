import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { AcquirerNotification } from '../../../acquiring/provider.js';
import { notificationLookupWorkflow } from '../../../workflows/notification-lookup-workflow.js';
import { unsignedNotificationLookupWorkflowId } from '../../../workflows/workflow-ids.js';
import type { AcquirerRouteDeps } from '../../app-env.js';

/**
 * A notification whose origin nobody proved (an acquirer that does not sign) is a hint: nothing in it is believed.
 * It starts a lookup at the acquirer (by a workflow's activity; the API never calls the acquirer), and only what the
 * acquirer's own record shows reaches a workflow or the books. A lookup for that transaction and action already
 * running decides for this delivery too.
 */
export async function lookUpUnsignedNotification(
  deps: AcquirerRouteDeps,
  notification: AcquirerNotification,
  inboxId: number,
) {
  const { action, providerTransactionId } = notification;
  if (action === 'payment_check' || action === 'ignored') return;
  const claim = {
    inboxId,
    reason: 'unsigned',
    acquirer: deps.provider.name,
    action,
    providerTransactionId,
    invoiceId: notification.invoiceId,
    paymentId: notification.paymentId,
    amount: notification.amount,
    currency: notification.currency,
    paymentTransactionId: notification.paymentTransactionId,
    refundId: notification.refundId,
  };
  try {
    await deps.temporal.workflow.start(notificationLookupWorkflow, {
      workflowId: unsignedNotificationLookupWorkflowId(deps.provider.name, providerTransactionId, action),
      taskQueue: deps.config.temporal.taskQueue,
      args: [{ claim }],
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}
