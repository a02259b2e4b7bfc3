// Gathers what really happened to a subscription (activity trace, acquirer ledger, rows, the workflow's own state)
// and asserts issue 10's invariants over it; see invariant-rules.ts for the rules themselves.
import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { invoices, subscriptions } from '../../db/schema/index.js';
import { subscriptionStateQuery } from '../../workflows/subscription/messages.js';
import { subscriptionWorkflowId } from '../../workflows/workflow-ids.js';
import type { ActivityTraceEntry } from './activity-gates.js';
import { billingClient, type Json, until } from './billing-client.js';
import { type Answer, type Evidence, invariantViolations } from './invariant-rules.js';
import { diagnoseRun } from './run-diagnosis.js';
import type { Harness } from './stack.js';

export type TracedHarness = Harness & { trace(): readonly ActivityTraceEntry[] };

/** Whether a trace entry is a call made for this subscription (its input names it or one of its invoices). */
function concerns(subscriptionId: string, entry: ActivityTraceEntry, linkIds: Set<string>) {
  const input = entry.input as Json;
  if (input?.subscriptionId === subscriptionId || input?.state?.subscriptionId === subscriptionId) return true;
  if (typeof input?.invoiceId === 'string' && input.invoiceId.startsWith(`inv_${subscriptionId}_`)) return true;
  const linkId = input?.linkId ?? input?.orderId;
  return typeof linkId === 'string' && linkIds.has(linkId);
}

export function traceOf(h: TracedHarness, subscriptionId: string): ActivityTraceEntry[] {
  const all = h.trace();
  const links = all.filter(
    (e) => e.name === 'createPaymentLink' && (e.input as Json)?.subscriptionId === subscriptionId,
  );
  const linkIds = new Set(links.map((e) => (e.result as Json)?.linkId ?? (e.result as Json)?.orderId).filter(Boolean));
  return all.filter((e) => concerns(subscriptionId, e, linkIds));
}

async function workflowOf(h: Harness, subscriptionId: string): Promise<Evidence['workflow']> {
  const handle = h.client.workflow.getHandle(subscriptionWorkflowId(subscriptionId));
  const { status } = await handle.describe();
  const state = await handle.query(subscriptionStateQuery).catch(() => undefined);
  return { status: status.name, state };
}

export async function collectEvidence(
  h: TracedHarness,
  subscriptionId: string,
  answers: readonly Answer[] = [],
): Promise<Evidence> {
  const { db } = h.database;
  const transactions = (await billingClient(h).sandbox('/transactions')).items as Json[];
  const [row] = await db.select().from(subscriptions).where(eq(subscriptions.id, subscriptionId));
  return {
    subscriptionId,
    trace: traceOf(h, subscriptionId),
    ledger: transactions.filter((t) => String(t.InvoiceId).startsWith(`inv_${subscriptionId}_`)),
    row,
    invoices: await db.select().from(invoices).where(eq(invoices.subscriptionId, subscriptionId)),
    workflow: await workflowOf(h, subscriptionId),
    answers,
  };
}

/**
 * Asserts invariants (a)–(f) and the ledger for one subscription. Its rows and state may lag a step behind the last
 * activity, so it looks again until they hold or `timeoutMs` passes; what happened (charges, captures) never changes.
 */
export async function expectInvariants(
  h: TracedHarness,
  subscriptionId: string,
  answers: readonly Answer[] = [],
  timeoutMs = 5_000,
) {
  let violations: string[] = [];
  const hold = async () => {
    violations = invariantViolations(await collectEvidence(h, subscriptionId, answers));
    return violations.length === 0;
  };
  await until(`the invariants of ${subscriptionId}`, hold, timeoutMs, 100).catch(() => undefined);
  // A violation says what the run was doing then (a step that never ended: was the run waiting on it?).
  if (violations.length > 0) violations.push(`the run then: ${await diagnoseRun(h, subscriptionId)}`);
  expect(violations, `invariants of ${subscriptionId}`).toEqual([]);
}

const subscriptionOf = (entry: ActivityTraceEntry): string | undefined => {
  const input = entry.input as Json;
  return input?.subscriptionId ?? input?.state?.subscriptionId;
};

/**
 * An `afterEach` hook: the invariants of every subscription the worker acted for during the test. Held gates are
 * released first, so a test that stopped at a step still lets its charge end before it is judged.
 */
export function invariantsOfEachTest(harness: () => TracedHarness & { gates?: { releaseAll(): void } }) {
  let seen = 0;
  return async () => {
    const h = harness();
    if (!h) return;
    h.gates?.releaseAll();
    const trace = h.trace();
    const touched = new Set(
      trace
        .slice(seen)
        .map(subscriptionOf)
        .filter((id): id is string => id !== undefined),
    );
    seen = trace.length;
    for (const id of touched) await expectInvariants(h, id);
  };
}
