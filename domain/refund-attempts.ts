// When the acquirer's "no such refund" can be believed: only once our last call for it can no longer land.

/**
 * How long one attempt of the refund call may still reach the acquirer after it began: the acquirer activity's
 * 45 s start-to-close timeout (workflows/subscription/activity-proxies.ts), plus a margin for clocks and queues.
 */
export const REFUND_ATTEMPT_WINDOW_MS = 60_000;

/** The reason a refund is failed with when the acquirer has no trace of it once the attempt's window has passed. */
export const NOT_FOUND_AT_ACQUIRER = 'not_found_at_acquirer';

/**
 * True while a refund may still happen at the acquirer without our knowing: never sent yet (its workflow is about to
 * send it), or its last call began less than the attempt window ago.
 */
export function refundMayStillHappen(lastAttemptAt: Date | null, now: Date): boolean {
  return lastAttemptAt === null || now.getTime() - lastAttemptAt.getTime() < REFUND_ATTEMPT_WINDOW_MS;
}

/** An acquirer "not found" settles nothing while the refund may still happen. */
export const isNotFoundFact = (fact: { outcome: string; reason?: string | undefined }) =>
  fact.outcome === 'declined' && fact.reason === NOT_FOUND_AT_ACQUIRER;
