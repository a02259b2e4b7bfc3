// What a subscription's workflow has taken in so far, read from Temporal itself (history and pending activities), so
// a test can tell "my request was queued behind the held step" from "it is still on its way".

import { subscriptionWorkflowId } from '../../workflows/workflow-ids.js';
import { until } from './billing-client.js';
import type { Harness } from './harness.js';
import type { Reply } from './race-requests.js';

const handleOf = (h: Harness, subscriptionId: string) =>
  h.client.workflow.getHandle(subscriptionWorkflowId(subscriptionId));

/** Updates the current run has accepted (it passed their validators). */
export async function acceptedUpdates(h: Harness, subscriptionId: string): Promise<number> {
  const history = await handleOf(h, subscriptionId).fetchHistory();
  return (history.events ?? []).filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes).length;
}

/** Updates the current run has completed (answered). */
export async function completedUpdates(h: Harness, subscriptionId: string): Promise<number> {
  const history = await handleOf(h, subscriptionId).fetchHistory();
  return (history.events ?? []).filter((e) => e.workflowExecutionUpdateCompletedEventAttributes).length;
}

export async function pendingActivityNames(h: Harness, subscriptionId: string): Promise<string[]> {
  const { raw } = await handleOf(h, subscriptionId).describe();
  return (raw.pendingActivities ?? []).map((a) => a.activityType?.name ?? '?');
}

/**
 * Waits until `request` is answered, or the workflow has accepted one more update than `acceptedBefore` and has
 * nothing in flight but the one held step: then the answer can only come once the step is released.
 */
export async function answeredOrQueued(
  h: Harness,
  subscriptionId: string,
  request: Promise<Reply>,
  acceptedBefore: number,
): Promise<void> {
  let answered = false;
  request.then(
    () => {
      answered = true;
    },
    () => {
      answered = true;
    },
  );
  const queued = async () => {
    if (answered) return true;
    if ((await acceptedUpdates(h, subscriptionId)) <= acceptedBefore) return false;
    return answered || (await pendingActivityNames(h, subscriptionId)).length <= 1;
  };
  await until(`the request to ${subscriptionId} to be answered or queued`, queued, 20_000, 50);
}

/**
 * Signal `name` has reached the run (it is in its history). Behind a held local activity (a persist, LEAN_PERSIST) no
 * workflow task completes until the activity does, so the signal is taken only after: this is all a test can wait on.
 */
export async function signalRecorded(h: Harness, subscriptionId: string, name: string): Promise<void> {
  await until(`signal ${name} to reach ${subscriptionId}`, async () => {
    const events = (await handleOf(h, subscriptionId).fetchHistory()).events ?? [];
    return events.some((e) => e.workflowExecutionSignaledEventAttributes?.signalName === name);
  });
}

/**
 * Whether the timer the run was waiting on (the period end) when its latest `chargeInvoice` was scheduled is still
 * running beside that charge, rather than cancelled because the run stopped waiting to make the charge.
 */
export async function periodWaitRunsBesideLastCharge(h: Harness, subscriptionId: string): Promise<boolean> {
  const events = (await handleOf(h, subscriptionId).fetchHistory()).events ?? [];
  const charge = events.findLastIndex(
    (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'chargeInvoice',
  );
  const timer = events.slice(0, charge).findLast((e) => e.timerStartedEventAttributes)?.timerStartedEventAttributes;
  return !events.some((e) => e.timerCanceledEventAttributes?.timerId === timer?.timerId);
}

/**
 * The subscription's current run has no workflow task outstanding and no activity running: it waits on timers and
 * messages only. Skip time only then: the time-skipping server strands a run whose task, taken while a skip went on,
 * cancels a timer that fired meanwhile (it refuses that completion for good, temporalio/sdk-java#3088).
 */
export async function untilSettled(h: Harness, subscriptionId: string): Promise<void> {
  const handle = handleOf(h, subscriptionId);
  const settled = async () => {
    const { status, raw } = await handle.describe();
    if (status.name !== 'RUNNING') return true;
    if ((raw.pendingActivities ?? []).length > 0) return false;
    const events = (await handle.fetchHistory()).events ?? [];
    const task = events.findLast(
      (e) =>
        e.workflowTaskScheduledEventAttributes ||
        e.workflowTaskCompletedEventAttributes ||
        e.workflowTaskFailedEventAttributes ||
        e.workflowTaskTimedOutEventAttributes,
    );
    return task?.workflowTaskScheduledEventAttributes == null;
  };
  await until(`${subscriptionId} to settle`, settled, 20_000, 50);
}
