// Delivers one subscription's outbox events to one endpoint (`events-<subscriptionId>-<endpoint key>`), strictly in
// sequence order and without skipping, so a revoke never reaches a receiver before the grant it undoes. One
// workflow per endpoint: an endpoint that is down holds back only its own queue. Decisions only; reads and posts
// are activities.
import { ActivityFailure, continueAsNew, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';

export interface EventRetryBounds {
  initialSeconds: number;
  maxSeconds: number;
  /** 0: keep retrying until the endpoint acknowledges. */
  maxAttempts: number;
}

export interface EventDeliveryInput {
  subscriptionId: string;
  endpoint: string;
  retry: EventRetryBounds;
}

const BATCH = 50;
/** Deliveries per run before continue-as-new, which keeps the history small. */
const PER_RUN = 500;

const { listPendingDeliveries } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', backoffCoefficient: 2 },
});

export async function eventDeliveryWorkflow(input: EventDeliveryInput): Promise<{ delivered: number }> {
  const { subscriptionId, endpoint, retry } = input;
  const { deliverEvent } = proxyActivities<Activities>({
    startToCloseTimeout: '2 minutes',
    retry: {
      initialInterval: `${retry.initialSeconds} seconds`,
      maximumInterval: `${retry.maxSeconds} seconds`,
      backoffCoefficient: 2,
      // Temporal reads an absent maximum as unlimited.
      ...(retry.maxAttempts > 0 ? { maximumAttempts: retry.maxAttempts } : {}),
      nonRetryableErrorTypes: ['event_not_found'],
    },
  });

  let delivered = 0;
  while (delivered < PER_RUN) {
    const pending = await listPendingDeliveries({ subscriptionId, endpoint, limit: BATCH });
    if (pending.length === 0) return { delivered };
    for (const { eventId } of pending) {
      try {
        await deliverEvent({ eventId, endpoint });
      } catch (error) {
        // Out of attempts: stop here rather than skip; the next sweep starts again from this event.
        if (error instanceof ActivityFailure) return { delivered };
        throw error;
      }
      delivered += 1;
    }
  }
  return continueAsNew<typeof eventDeliveryWorkflow>(input);
}
