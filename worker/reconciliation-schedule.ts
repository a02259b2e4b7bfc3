import type { Client } from '@temporalio/client';
import type { Config } from '../config/config.js';
import { reconciliationWorkflow } from '../workflows/reconciliation-workflow.js';
import { reconciliationScheduleId } from '../workflows/workflow-ids.js';
import { upsertIntervalSchedule } from './upsert-schedule.js';

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
  return upsertIntervalSchedule(client, scheduleId, intervalSeconds, {
    type: 'startWorkflow',
    workflowType: reconciliationWorkflow,
    workflowId: scheduleId,
    taskQueue,
    args: [{ requestedBy: SCHEDULED_RUN_REQUESTER, staleAfterSeconds, lookbackSeconds }],
    workflowExecutionTimeout: '1 hour',
  });
}
