import { TestWorkflowEnvironment } from '@temporalio/testing';
import { inject } from 'vitest';
import type { PaymentProvider } from '../../acquiring/provider.js';
import type { Activities } from '../../activities/index.js';
import type { WorkflowSpanSink } from '../../observability/temporal-tracing.js';
import { ensureEventDispatchSchedule } from '../../worker/event-dispatch-schedule.js';
import { ensureIdempotencyPurgeSchedule } from '../../worker/idempotency-purge-schedule.js';
import { ensureReconciliationSchedule } from '../../worker/reconciliation-schedule.js';
import { createActivityGates } from './activity-gates.js';
import type { TracedHarness } from './invariants.js';
import { startStack } from './stack.js';

/** The dev-server stack, every activity call traced. */
export type Harness = TracedHarness;

/**
 * The whole stack on the run's Temporal dev server, in real time, with the schedules the worker's entry point creates.
 * For tests of workflow decisions over months, see `startFastHarness` in fast-harness.ts.
 */
export async function startHarness(
  overrides: Record<string, string> = {},
  options: {
    worker?: boolean;
    acquirerTimeoutMs?: number;
    extraAcquirers?: Record<string, PaymentProvider>;
    /** Stands in for the configured default acquirer (e.g. a memory provider whose notifications are unsigned). */
    provider?: PaymentProvider;
    /** Where workflow spans go (a test with an in-memory span exporter). */
    workflowSpans?: WorkflowSpanSink;
    /** The API's port, chosen before the stack starts (an IdP registered with the console's redirect URI). */
    apiPort?: number;
  } = {},
): Promise<TracedHarness> {
  // Gates that never hold: every activity call is traced, for the invariant checks (invariants.ts).
  const gates = createActivityGates<Activities>();
  const stack = await startStack({
    overrides,
    worker: options.worker !== false,
    acquirerTimeoutMs: options.acquirerTimeoutMs,
    extraAcquirers: options.extraAcquirers,
    provider: options.provider,
    workflowSpans: options.workflowSpans,
    apiPort: options.apiPort,
    temporal: () => TestWorkflowEnvironment.createFromExistingServer({ address: inject('temporalAddress') }),
    activities: { now: () => new Date(), wrap: gates.wrap },
  });
  const scheduleIds: string[] = [];
  const close = async () => {
    for (const id of scheduleIds)
      await stack.client.schedule
        .getHandle(id)
        .delete()
        .catch(() => {});
    await stack.close();
  };
  try {
    // As the worker's entry point does; the schedule ids derive from this file's own task queue.
    scheduleIds.push(await ensureReconciliationSchedule(stack.client, stack.config));
    scheduleIds.push(await ensureIdempotencyPurgeSchedule(stack.client, stack.config));
    const eventScheduleId = await ensureEventDispatchSchedule(stack.client, stack.config);
    if (eventScheduleId) scheduleIds.push(eventScheduleId);
  } catch (error) {
    await close();
    throw error;
  }
  return { ...stack, trace: gates.trace, close };
}
