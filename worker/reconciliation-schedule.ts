import { type Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';
import type { Config } from '../config/config.js';
import { reconciliationWorkflow } from '../workflows/reconciliation-workflow.js';
import { reconciliationScheduleId } from '../workflows/workflow-ids.js';

export const SCHEDULED_RUN_REQUESTER = 'schedule';

/**
 * The Temporal Schedule that runs reconciliation every `RECONCILIATION_INTERVAL_SECONDS`: created on first start,
 * updated to the current settings on every later one (each worker replica may call this; the last one wins, with the
 * same values). A run still going when the next is due makes the next one skip.
 */
export async function ensureReconciliationSchedule(
  client: Client,
  config: Pick<Config, 'temporal' | 'reconciliation'>,
): Promise<string> {
  const { taskQueue } = config.temporal;
  const { intervalSeconds, staleAfterSeconds, lookbackSeconds } = config.reconciliation;
  const scheduleId = reconciliationScheduleId(taskQueue);
  const spec = { intervals: [{ every: `${intervalSeconds} seconds` as const }] };
  const action = {
    type: 'startWorkflow' as const,
    workflowType: reconciliationWorkflow,
    workflowId: scheduleId,
    taskQueue,
    args: [{ requestedBy: SCHEDULED_RUN_REQUESTER, staleAfterSeconds, lookbackSeconds }] as const,
    workflowExecutionTimeout: '1 hour' as const,
  };
  const policies = { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: `${intervalSeconds} seconds` as const };
  try {
    await client.schedule.create({ scheduleId, spec, action, policies });
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    await client.schedule.getHandle(scheduleId).update((previous) => ({ ...previous, spec, action, policies }));
  }
  return scheduleId;
}
