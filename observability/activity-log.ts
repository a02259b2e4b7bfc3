// The business lines (a charge, a decline, a dunning step, a refund, a reconciliation finding) written where they are
// recorded, by the running activity's logger: Temporal's, which the runtime sends through the service's pino
// (runtime/temporal-runtime.ts) with the activity's ids (workflowId, runId, activityType, attempt) and the trace id.
// Fields are ids, statuses, amounts and decline classes: never a token, card data, a receipt or a raw answer.
import { Context } from '@temporalio/activity';

export type BusinessFields = Record<string, string | number | boolean | null | undefined | readonly string[]>;

/** How a record is logged: `logRecorded` in activities; an API path passes its own logger's `info`. */
export type RecordLog = (message: string, fields: BusinessFields) => void;

/** Logs at info from inside an activity; elsewhere (an API handler, a test calling the function directly) nothing. */
export function logRecorded(message: string, fields: BusinessFields): void {
  let context: Context;
  try {
    context = Context.current();
  } catch {
    return;
  }
  const defined = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
  context.log.info(message, defined);
}
