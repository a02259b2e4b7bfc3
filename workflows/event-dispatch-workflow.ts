// The sweep (`event-dispatch-<task queue>` schedule): every (subscription, endpoint) with unacknowledged events gets its
// delivery workflow started. Whatever wrote an event, or failed to, the next sweep finds it in the outbox.
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, proxyActivities, startChild } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { type EventRetryBounds, eventDeliveryWorkflow } from './event-delivery-workflow.js';
import { eventDeliveryWorkflowId } from './workflow-ids.js';

export interface EventDispatchInput {
  retry: EventRetryBounds;
  /** (subscription, endpoint) pairs handed over per run; the rest wait for the next run. */
  limit?: number | undefined;
}

const { listEventBacklog } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '10 seconds', maximumAttempts: 5 },
});

export async function eventDispatchWorkflow(input: EventDispatchInput): Promise<{ started: number }> {
  const backlog = await listEventBacklog({ limit: input.limit ?? 200 });
  let started = 0;
  for (const { subscriptionId, endpoint, endpointKey } of backlog) {
    try {
      await startChild(eventDeliveryWorkflow, {
        workflowId: eventDeliveryWorkflowId(subscriptionId, endpointKey),
        args: [{ subscriptionId, endpoint, retry: input.retry }],
        // Delivery outlives the sweep that started it.
        parentClosePolicy: ParentClosePolicy.ABANDON,
      });
      started += 1;
    } catch (error) {
      // Already delivering: that run reads the outbox again before it ends, or the next sweep starts a new one.
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  }
  return { started };
}
