import { createHash } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { UnavailableError } from '../domain/errors.js';

/**
 * Waits at most `timeoutMs` for a workflow to answer a request (an update: a plan change waits on its charge, and an
 * acquirer that is down is retried until it answers). Past that the request is answered 503 `still_processing`, its
 * Temporal calls aborted: the workflow goes on with it, and the outcome shows on the subscription. Without a bound an
 * HTTP request could wait for hours.
 */
export function createWorkflowAnswer(temporal: Client, timeoutMs: number) {
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

export type WorkflowAnswer = ReturnType<typeof createWorkflowAnswer>;

/**
 * The update id of a request made with an Idempotency-Key (its operation key), so a repeat after `still_processing`
 * attaches to the same update and gets its answer instead of making another; none without a key.
 */
export const updateIdOf = (route: string, operationKey: string): string | undefined =>
  operationKey ? `${route}:${createHash('sha256').update(operationKey).digest('base64url')}` : undefined;
