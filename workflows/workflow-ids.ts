// Workflow ids are business keys, so operators can find them and duplicates are refused by Temporal itself.
export const probeWorkflowId = (probeId: string) => `probe-${probeId}`;
export const subscriptionWorkflowId = (subscriptionId: string) => `subscription-${subscriptionId}`;
/** One lookup per doubted notification: the invoice and the acquirer's transaction name it. */
export const notificationLookupWorkflowId = (invoiceId: string, providerTransactionId: string) =>
  `notification-lookup-${invoiceId}-${providerTransactionId}`;
/** An unsigned notification's lookup: one per acquirer transaction and action while it runs. */
export const unsignedNotificationLookupWorkflowId = (acquirer: string, providerTransactionId: string, action: string) =>
  `notification-lookup-${acquirer}-${providerTransactionId}-${action}`;
/** One workflow per bulk import job. */
export const subscriptionImportWorkflowId = (jobId: string) => `subscription-import-${jobId}`;
export const refundWorkflowId = (refundId: string) => `refund-${refundId}`;
/** On-demand runs; scheduled runs get the schedule's workflow id plus the firing time. */
export const reconciliationWorkflowId = (runId: string) => `reconciliation-${runId}`;
/** One schedule per task queue, so several deployments (or test harnesses) on one Temporal server never collide. */
export const reconciliationScheduleId = (taskQueue: string) => `reconciliation-${taskQueue}`;
/** Delivers one subscription's events to one endpoint in sequence order; never two at once, by this id. */
export const eventDeliveryWorkflowId = (subscriptionId: string, endpointKey: string) =>
  `events-${subscriptionId}-${endpointKey}`;
/** Deletes expired Idempotency-Keys, one schedule per task queue. */
export const idempotencyPurgeScheduleId = (taskQueue: string) => `idempotency-purge-${taskQueue}`;
/** The sweep that hands undelivered events to delivery, one schedule per task queue. */
export const eventDispatchScheduleId = (taskQueue: string) => `event-dispatch-${taskQueue}`;
