import { Context } from '@temporalio/activity';
import { wrapActivities } from './activity-gates.js';

/**
 * The time-skipping server's clock as activities see it: the server time their attempt was scheduled at, plus the real
 * time since. Rows the activities stamp then fall in the month the workflow lives in, not in the machine's today.
 * (The server does not skip time while an activity runs, so one offset serves every activity in flight.)
 */
export function createServerClock() {
  let offsetMs = 0;
  return {
    now: () => new Date(Date.now() + offsetMs),
    follow: <A extends Parameters<typeof wrapActivities>[0]>(activities: A): A =>
      wrapActivities(activities, (_name, activity) => async (...args) => {
        offsetMs = Context.current().info.currentAttemptScheduledTimestampMs - Date.now();
        return activity(...args);
      }),
  };
}
