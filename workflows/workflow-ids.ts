// Workflow ids are business keys, so operators can find them and duplicates are refused by Temporal itself.
export const probeWorkflowId = (probeId: string) => `probe-${probeId}`;
export const subscriptionWorkflowId = (subscriptionId: string) => `subscription-${subscriptionId}`;
export const refundWorkflowId = (refundId: string) => `refund-${refundId}`;
