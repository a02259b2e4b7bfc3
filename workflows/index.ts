export { probeWorkflow } from './probe-workflow.js';
export { reconciliationWorkflow } from './reconciliation-workflow.js';
export { subscriptionWorkflow } from './subscription-workflow.js';
