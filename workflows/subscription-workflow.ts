// One workflow per subscription (`subscription-<id>`), for years: checkout, then one run per paid period (each
// continues-as-new once the next period is paid), then the end. Every request, notification and timer goes through
// one ordered decision loop (subscription/runner.ts); the decisions themselves are pure (domain/subscription/).
import { patched } from '@temporalio/workflow';
import type { SubscriptionStatus } from '../db/schema/statuses.js';
import { hasOpenWork } from '../domain/subscription/housekeeping.js';
import { isLive } from '../domain/subscription/lifecycle.js';
import { restoreState } from '../domain/subscription/restore.js';
import type { SubscriptionWorkflowInput } from './subscription/input.js';
import { continueAsNewSuggested, startRun } from './subscription/runner.js';
import { subscriptionWorkflowV1 } from './subscription/v1/subscription-workflow-v1.js';
import type { SubscriptionWorkflowInput as SubscriptionWorkflowInputV1 } from './subscription/v1/types.js';
import { ORDERED_DECISIONS } from './subscription/versions.js';

export async function subscriptionWorkflow(input: SubscriptionWorkflowInput): Promise<SubscriptionStatus> {
  // A run the first release started keeps its code until it continues-as-new (README "Changing workflows"). A run
  // continued by release 2 says so in its input, so only first runs record the patch's marker.
  const release2 = input.workflowRelease === 2 || patched(ORDERED_DECISIONS);
  if (!release2) return subscriptionWorkflowV1(input as SubscriptionWorkflowInputV1);
  const now = Date.now();
  const context = { now, checkoutTtlMs: input.checkoutTtlMs, legacyReturnUrl: input.termUrl };
  const run = startRun(input, restoreState(input.state, input.checkout, context));

  // Checkout: the initial invoice is paid (active) or given up (expired).
  await run.runWhile((s) => s.status === 'pending_payment');

  // Paid periods: this run serves the current one. Once the next is paid (or Temporal suggests it, e.g. after many
  // requests), a fresh run carries the state on, so history stays small however long the subscription lives.
  const paidBefore = run.state.renewalsPaid;
  await run.runWhile((s) => isLive(s) && s.renewalsPaid === paidBefore && !continueAsNewSuggested());
  await run.runWhile(() => !run.quiet());
  if (isLive(run.state)) return run.continueAsNew();

  // The end: what is still open (a hold, a payment link, a refund to start) is settled, every request answered.
  await run.runWhile((s) => hasOpenWork(s) || !run.quiet());
  run.publishSearch();
  return run.state.status;
}
