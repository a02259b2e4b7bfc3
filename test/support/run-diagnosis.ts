// What a subscription's run is doing, in one line, for a test that timed out waiting on it: a stuck step then says
// whether the run had an activity or a workflow task outstanding, or nothing at all.
import { subscriptionWorkflowId } from '../../workflows/workflow-ids.js';
import { within } from './renewal-steps.js';
import type { Harness } from './stack.js';

const TAIL = 8;

export async function diagnoseRun(h: Harness, subscriptionId: string): Promise<string> {
  const handle = h.client.workflow.getHandle(subscriptionWorkflowId(subscriptionId));
  try {
    const [{ status, raw }, history] = await within(
      Promise.all([handle.describe(), handle.fetchHistory()]),
      5_000,
      'the server to describe the run',
    );
    const pending = (raw.pendingActivities ?? []).map((a) => `${a.activityType?.name}#${a.attempt}`);
    const tail = (history.events ?? []).slice(-TAIL).map((e) => {
      const attributes = Object.keys(e).find((k) => k.endsWith('EventAttributes'));
      return attributes?.replace(/EventAttributes$/, '') ?? '?';
    });
    return `run ${status.name}; pending activities [${pending.join(', ')}]; last events ${tail.join(' → ')}`;
  } catch (error) {
    return `the run could not be described: ${String(error)}`;
  }
}

/** `promise` within `ms`, or a failure naming `what` and saying what the subscription's run was doing. */
export async function withinOrDiagnose<T>(
  h: Harness,
  subscriptionId: string,
  promise: Promise<T>,
  ms: number,
  what: string,
): Promise<T> {
  try {
    return await within(promise, ms, what);
  } catch (error) {
    throw new Error(`${(error as Error).message} (${await diagnoseRun(h, subscriptionId)})`);
  }
}
