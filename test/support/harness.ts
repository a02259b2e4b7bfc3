import { TestWorkflowEnvironment } from '@temporalio/testing';
import { inject } from 'vitest';
import { ensureEventDispatchSchedule } from '../../worker/event-dispatch-schedule.js';
import { ensureReconciliationSchedule } from '../../worker/reconciliation-schedule.js';
import { type Harness, startStack } from './stack.js';

export type { Harness } from './stack.js';

/**
 * The whole stack on the run's Temporal dev server, in real time, with the schedules the worker's entry point creates.
 * For tests of workflow decisions over months, see `startFastHarness` in fast-harness.ts.
 */
export async function startHarness(
  overrides: Record<string, string> = {},
  options: { worker?: boolean; acquirerTimeoutMs?: number } = {},
): Promise<Harness> {
  const stack = await startStack({
    overrides,
    worker: options.worker !== false,
    acquirerTimeoutMs: options.acquirerTimeoutMs,
    temporal: () => TestWorkflowEnvironment.createFromExistingServer({ address: inject('temporalAddress') }),
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
    const eventScheduleId = await ensureEventDispatchSchedule(stack.client, stack.config);
    if (eventScheduleId) scheduleIds.push(eventScheduleId);
  } catch (error) {
    await close();
    throw error;
  }
  return { ...stack, close };
}
