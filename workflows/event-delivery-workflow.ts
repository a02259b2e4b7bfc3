// Delivers one subscription's outbox events (`events-<subscriptionId>`): to every endpoint, each endpoint strictly
// in sequence order, so a revoke never reaches a receiver before the grant it undoes. Endpoints progress
// independently: one that is down holds back only its own queue. Decisions only; reads and posts are activities.
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
  retry: EventRetryBounds;
}

const BATCH = 50;
/** Deliveries per endpoint per run before continue-as-new, which keeps the history small. */
const PER_RUN = 500;

const records = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', backoffCoefficient: 2 },
});

type EndpointRun = 'drained' | 'stalled' | 'more';

export async function eventDeliveryWorkflow(input: EventDeliveryInput): Promise<void> {
  const { subscriptionId, retry } = input;
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

  /** One endpoint's queue, oldest first; an event that cannot be delivered stops the queue, never gets skipped. */
  const drain = async (endpoint: string): Promise<EndpointRun> => {
    let delivered = 0;
    while (delivered < PER_RUN) {
      const pending = await records.listPendingDeliveries({ subscriptionId, endpoint, limit: BATCH });
      if (pending.length === 0) return 'drained';
      for (const { eventId } of pending) {
        try {
          await deliverEvent({ eventId, endpoint });
        } catch (error) {
          if (error instanceof ActivityFailure) return 'stalled';
          throw error;
        }
        delivered += 1;
      }
    }
    return 'more';
  };

  const endpoints = await records.listEventEndpoints();
  const runs = await Promise.all(endpoints.map(drain));
  // A stalled queue is left to the next sweep, which starts this workflow again from the same event.
  if (runs.includes('more')) await continueAsNew<typeof eventDeliveryWorkflow>(input);
}
