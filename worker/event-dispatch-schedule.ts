import { type Client, ScheduleNotFoundError } from '@temporalio/client';
import type { Config } from '../config/config.js';
import { eventDispatchWorkflow } from '../workflows/event-dispatch-workflow.js';
import { eventDispatchScheduleId } from '../workflows/workflow-ids.js';
import { upsertIntervalSchedule } from './upsert-schedule.js';

/**
 * The Temporal Schedule that sweeps the outbox every `EVENTS_SWEEP_INTERVAL_SECONDS` and starts delivery for every
 * subscription with undelivered events. Being the only trigger, it is also the safety net: nothing written to the
 * outbox can be missed by it. Created or updated wherever a worker starts; deleted when delivery is off.
 * Returns the schedule id, or undefined when `EVENTS_URL` is empty.
 */
export async function ensureEventDispatchSchedule(
  client: Client,
  config: Pick<Config, 'temporal' | 'events'>,
): Promise<string | undefined> {
  const { taskQueue } = config.temporal;
  const scheduleId = eventDispatchScheduleId(taskQueue);
  if (config.events.endpoints.length === 0) {
    await client.schedule
      .getHandle(scheduleId)
      .delete()
      .catch((error) => {
        if (!(error instanceof ScheduleNotFoundError)) throw error;
      });
    return undefined;
  }
  const every = config.events.sweepIntervalSeconds;
  return upsertIntervalSchedule(
    client,
    scheduleId,
    every,
    {
      type: 'startWorkflow',
      workflowType: eventDispatchWorkflow,
      workflowId: scheduleId,
      taskQueue,
      args: [{ retry: config.events.retry }],
      workflowExecutionTimeout: '10 minutes',
    },
    Math.max(every, 60),
  );
}
