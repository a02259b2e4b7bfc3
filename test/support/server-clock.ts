import { Context } from '@temporalio/activity';
import { wrapActivities } from './activity-gates.js';

/**
 * The time-skipping server's clock as activities see it: the server time their attempt was scheduled at, plus the real
 * time since. Rows the activities stamp then fall in the month the workflow lives in, not in the machine's today.
 * (The server does not skip time while an activity runs, so one offset serves every activity in flight.) A local
 * activity is scheduled by the worker on the machine's clock, so it asks the server for its time instead.
 */
export function createServerClock() {
  let offsetMs = 0;
  let serverTimeMs: (() => Promise<number>) | undefined;
  return {
    now: () => new Date(Date.now() + offsetMs),
    /** Where local activities read the server's time (known once the server has started). */
    readServerTime: (read: () => Promise<number>) => {
      serverTimeMs = read;
    },
    follow: <A extends Parameters<typeof wrapActivities>[0]>(activities: A): A =>
      wrapActivities(activities, (_name, activity) => async (...args) => {
        const { info } = Context.current();
        if (!info.isLocal) offsetMs = info.currentAttemptScheduledTimestampMs - Date.now();
        else if (serverTimeMs) offsetMs = (await serverTimeMs()) - Date.now();
        return activity(...args);
      }),
  };
}
