import type { Client } from '@temporalio/client';
import type { Config } from '../config/config.js';
import { idempotencyPurgeWorkflow } from '../workflows/idempotency-purge-workflow.js';
import { idempotencyPurgeScheduleId } from '../workflows/workflow-ids.js';
import { upsertIntervalSchedule } from './upsert-schedule.js';

/**
 * The Temporal Schedule that deletes expired Idempotency-Keys every hour (every `IDEMPOTENCY_KEY_TTL_SECONDS` when
 * that is shorter): created on first start, updated to the current settings wherever a worker starts.
 */
export async function ensureIdempotencyPurgeSchedule(
  client: Client,
  config: Pick<Config, 'temporal' | 'idempotency'>,
): Promise<string> {
  const { taskQueue } = config.temporal;
  const scheduleId = idempotencyPurgeScheduleId(taskQueue);
  return upsertIntervalSchedule(client, scheduleId, config.idempotency.purgeIntervalSeconds, {
    type: 'startWorkflow',
    workflowType: idempotencyPurgeWorkflow,
    workflowId: scheduleId,
    taskQueue,
    args: [{ ttlSeconds: config.idempotency.keyTtlSeconds }],
    workflowExecutionTimeout: '30 minutes',
  });
}
