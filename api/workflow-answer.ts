import { createHash } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { UnavailableError } from '../domain/errors.js';
import { mapUpdateErrors } from './temporal-errors.js';

/**
 * Waits at most `timeoutMs` for a workflow to answer a request (an update: a plan change waits on its charge, and an
 * acquirer that is down is retried until it answers). Past that the request is answered 503 `still_processing`, its
 * Temporal calls aborted: the workflow goes on with it, and the outcome shows on the subscription. Without a bound an
 * HTTP request could wait for hours.
 */
function createWorkflowAnswer(temporal: Client, timeoutMs: number) {
  return async function answered<T>(run: () => Promise<T>, details: Record<string, unknown>): Promise<T> {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), timeoutMs);
    try {
      return await temporal.withAbortSignal(abort.signal, run);
    } catch (error) {
      if (!abort.signal.aborted) throw error;
      throw new UnavailableError(
        'still_processing',
        `No answer yet after ${Math.round(timeoutMs / 1000)} s; the request goes on by itself. Read the subscription for its outcome, or repeat the request with the same Idempotency-Key to wait for its answer again`,
        details,
      );
    } finally {
      clearTimeout(timer);
    }
  };
}

/** A request to a subscription's workflow, as the routes that send one describe it. */
export interface SubscriptionRequest {
  /** What the caller asked, in words ("change plan"); also names the update when the request has a key. */
  operation: string;
  /** The statuses that allow it: a workflow that has ended answers 409 `invalid_state` naming them. */
  expected: readonly string[];
  /** The request's Idempotency-Key operation key ('' without one). */
  operationKey: string;
  /** Keeps the update ids of one caller kind apart from another's (the admin routes say 'admin'). */
  scope?: string;
}

/**
 * Sends a request to a subscription's workflow as an update: its id from the Idempotency-Key, its failures typed
 * (mapUpdateErrors), its wait bounded (createWorkflowAnswer).
 */
export function createSubscriptionUpdates(temporal: Client, timeoutMs: number) {
  const answered = createWorkflowAnswer(temporal, timeoutMs);
  return <T>(
    row: { id: string; status: string },
    { operation, expected, operationKey, scope }: SubscriptionRequest,
    run: (updateId: string | undefined) => Promise<T>,
  ) =>
    answered(
      () =>
        mapUpdateErrors(() => run(updateIdOf(scope ? `${scope} ${operation}` : operation, operationKey)), {
          operation,
          current: row.status,
          expected,
        }),
      { subscriptionId: row.id, operation },
    );
}

/**
 * The update id of a request made with an Idempotency-Key (its operation key), so a repeat after `still_processing`
 * attaches to the same update and gets its answer instead of making another; none without a key.
 */
const updateIdOf = (route: string, operationKey: string): string | undefined =>
  operationKey ? `${route}:${createHash('sha256').update(operationKey).digest('base64url')}` : undefined;
