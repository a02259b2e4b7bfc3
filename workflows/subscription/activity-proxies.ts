import type { RetryPolicy } from '@temporalio/common';
import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities/index.js';

const recordsRetry: RetryPolicy = {
  initialInterval: '1 second',
  maximumInterval: '1 minute',
  backoffCoefficient: 2,
  nonRetryableErrorTypes: ['subscription_exists', 'plan_not_found'],
};

/** Database writes: short, retried with backoff without limit, so a database outage delays but never loses a step. */
export const records = proxyActivities<Activities>({ startToCloseTimeout: '30 seconds', retry: recordsRetry });

/**
 * The same writes run inside the workflow task by the worker that holds the run (LEAN_PERSIST): no task queue round
 * trip. Retried the same way; after 10 seconds of failures the retries wait on timers, so the task completes between
 * tries and queries, signals and updates are taken meanwhile (while a try runs, they wait for it).
 */
export const localRecords = proxyLocalActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  localRetryThreshold: '10 seconds',
  retry: recordsRetry,
});

/**
 * Charges (renewals, upgrades): declines come back as values; an outage or a lost answer is thrown as
 * `acquirer_unavailable` and retried with backoff until the acquirer answers. The same idempotency key is reused on
 * every retry, and the activity looks the payment up before calling again.
 */
export const acquirer = proxyActivities<Activities>({
  // A lookup plus a charge, each bounded by the client's 15 s deadline; a worker that dies mid-call is noticed here.
  startToCloseTimeout: '45 seconds',
  retry: { initialInterval: '2 seconds', maximumInterval: '5 minutes', backoffCoefficient: 2 },
});

/** Acquirer calls a payer is waiting on (checkout): a few quick tries, then the workflow settles it later. */
export const interactiveAcquirer = proxyActivities<Activities>({
  startToCloseTimeout: '45 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '5 seconds', backoffCoefficient: 2, maximumAttempts: 3 },
});

/**
 * Background acquirer calls (lookups, cancelling links, voiding holds): a few tries, then the workflow tries again
 * later by itself, so an acquirer that is down never holds up requests, renewals or continue-as-new.
 */
export const housekeepingAcquirer = proxyActivities<Activities>({
  startToCloseTimeout: '45 seconds',
  retry: { initialInterval: '2 seconds', maximumInterval: '30 seconds', backoffCoefficient: 2, maximumAttempts: 4 },
});
