// One info line per subscription change the worker records; a change into, within or out of dunning is a dunning
// step (observability/activity-log.ts). Ids, statuses and event types only.
import { logRecorded } from '../observability/activity-log.js';
import type { SubscriptionRowState } from './subscription-rows.js';

const DUNNING = 'past_due';

export function logTransition(
  state: SubscriptionRowState,
  from: string | undefined,
  events: readonly string[],
  invoice: { id: string; status: string } | undefined,
) {
  const dunning = from === DUNNING || state.status === DUNNING;
  logRecorded(dunning ? 'dunning step' : 'subscription changed', {
    subscriptionId: state.subscriptionId,
    planId: state.plan.id,
    from: from ?? null,
    to: state.status,
    events,
    invoiceId: invoice?.id ?? state.dunning?.invoiceId,
    invoiceStatus: invoice?.status,
  });
}
