import { type Client, ScheduleAlreadyRunning, type ScheduleOptions, ScheduleOverlapPolicy } from '@temporalio/client';

/**
 * Creates a schedule that starts `action` every `everySeconds`, or updates it to these settings when it exists (each
 * worker replica may call this; the last one wins, with the same values). A run still going when the next is due
 * makes the next one skip.
 */
export async function upsertIntervalSchedule(
  client: Client,
  scheduleId: string,
  everySeconds: number,
  action: ScheduleOptions['action'],
  catchupSeconds = everySeconds,
): Promise<string> {
  const spec = { intervals: [{ every: `${everySeconds} seconds` as const }] };
  const policies = { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: `${catchupSeconds} seconds` as const };
  try {
    await client.schedule.create({ scheduleId, spec, action, policies });
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    await client.schedule.getHandle(scheduleId).update((previous) => ({ ...previous, spec, action, policies }));
  }
  return scheduleId;
}
