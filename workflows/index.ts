export { eventDeliveryWorkflow } from './event-delivery-workflow.js';
export { eventDispatchWorkflow } from './event-dispatch-workflow.js';
export { idempotencyPurgeWorkflow } from './idempotency-purge-workflow.js';
export { notificationLookupWorkflow } from './notification-lookup-workflow.js';
export { probeWorkflow } from './probe-workflow.js';
export { reconciliationWorkflow } from './reconciliation-workflow.js';
export { refundWorkflow } from './refund-workflow.js';
export { subscriptionWorkflow } from './subscription-workflow.js';
