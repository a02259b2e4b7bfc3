export { probeWorkflow } from './probe-workflow.js';
export { subscriptionWorkflow } from './subscription-workflow.js';
