import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { subscriptionStateQuery } from '../../workflows/subscription/messages.js';
import { subscriptionWorkflowId } from '../../workflows/workflow-ids.js';
import { activeSubscription, billingClient, createPlan, type Json, until } from '../support/billing-client.js';
import { type FastHarness, startFastHarness } from '../support/fast-harness.js';
import { recordHistory, runChain } from '../support/histories.js';
import { invariantsOfEachTest } from '../support/invariants.js';

describe('monthly renewals on the time-skipping server', () => {
  let h: FastHarness;
  afterEach(invariantsOfEachTest(() => h));
  beforeAll(async () => {
    h = await startFastHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  /** Skips server time to a minute past `at` (a period end), whatever the month's length. */
  const advancePast = (at: string) => h.advancePast(at, '1 minute');

  const paidRenewal = (user: string, subscriptionId: string, periodStart: string) =>
    until(`the renewal from ${periodStart} paid`, async () => {
      const invoices = await billingClient(h).invoices(user, subscriptionId);
      return invoices.find((i: Json) => i.kind === 'renewal' && i.periodStart === periodStart && i.status === 'paid');
    });

  const completedCharges = async (invoiceId: string) =>
    (await billingClient(h).ledger(invoiceId)).filter((t: Json) => t.Status === 'Completed');

  it('renews a one-month plan twice: each renewal invoice charged exactly once and stamped paid in its own period, the next period starting where the last ended, state and search attributes carried across continue-as-new', async () => {
    const api = billingClient(h);
    const planId = await createPlan(h, { period: { unit: 'month', count: 1 } });
    const user = `user-fast-renew-${Date.now()}`;
    const first = await activeSubscription(h, user, planId);
    const handle = h.client.workflow.getHandle(subscriptionWorkflowId(first.id));
    const firstRun = (await handle.describe()).runId;

    await advancePast(first.currentPeriodEnd);
    const renewal1 = await paidRenewal(user, first.id, first.currentPeriodEnd);
    await advancePast(renewal1.periodEnd);
    const renewal2 = await paidRenewal(user, first.id, renewal1.periodEnd);

    for (const invoice of [renewal1, renewal2]) {
      expect(invoice).toMatchObject({ amount: 1000, currency: 'RUB', attempts: 1 });
      const charges = await completedCharges(invoice.id);
      expect(charges).toHaveLength(1);
      expect(charges[0].RequestId).toBe(`${invoice.id}:1`);
      // Activities stamp rows on the server's clock, a month ahead of the machine's.
      expect(Date.parse(invoice.paidAt)).toBeGreaterThanOrEqual(Date.parse(invoice.periodStart));
    }
    expect(await api.subscription(user, first.id)).toMatchObject({
      status: 'active',
      planId,
      cancelAtPeriodEnd: false,
      currentPeriodStart: renewal2.periodStart,
      currentPeriodEnd: renewal2.periodEnd,
    });
    const described = await handle.describe();
    expect(described.runId).not.toBe(firstRun);
    const state = await handle.query(subscriptionStateQuery);
    expect(state).toMatchObject({
      subscriptionId: first.id,
      userId: user,
      status: 'active',
      anchor: first.currentPeriodStart,
    });
    expect(state.periodIndex).toBe(2);
    expect(described.searchAttributes.BillingStatus).toEqual(['active']);
    expect(described.searchAttributes.BillingUserId).toEqual([user]);
    // A paid period costs what a renewal needs: the acquirer's pay notification for our own charge is not signalled.
    const [, secondPeriod] = await runChain(h.client, handle.workflowId, 2);
    const history = await h.client.workflow.getHandle(handle.workflowId, secondPeriod?.runId).fetchHistory();
    const events = history.events ?? [];
    const signalled = events.filter((e) => e.workflowExecutionSignaledEventAttributes);
    expect(signalled).toEqual([]);
    expect(events.length).toBeLessThanOrEqual(23);
    await recordHistory(h.client, 'two-renewals', handle.workflowId);
  });

  it('holds the renewal charge before it reaches the acquirer, then lets it complete: charged once, in order', async () => {
    const planId = await createPlan(h, { period: { unit: 'month', count: 1 } });
    const user = `user-fast-gate-${Date.now()}`;
    const sub = await activeSubscription(h, user, planId);
    const gate = h.gates.hold('chargeInvoice', { phase: 'before', match: (input) => input.subscriptionId === sub.id });

    // The skip stops at the held charge (the server does not skip time while an activity runs), so await it last.
    const advancing = advancePast(sub.currentPeriodEnd);
    const input = await gate.reached;
    const ofThisInvoice = () => h.trace().filter((e) => (e.input as Json)?.invoiceId === input.invoiceId);
    expect(input).toMatchObject({ subscriptionId: sub.id, attempt: 1, amount: 1000 });
    expect(await completedCharges(input.invoiceId)).toHaveLength(0);
    // Since release 2 the charge opens its renewal invoice itself: it is the first step of this invoice.
    expect(ofThisInvoice().map((e) => `${e.name}:${e.event}`)).toEqual(['chargeInvoice:start']);
    await expect(h.advance('1 day')).rejects.toThrow('release chargeInvoice (before) before advancing time');

    gate.release();
    await advancing;
    const renewal = await paidRenewal(user, sub.id, sub.currentPeriodEnd);
    expect(renewal.id).toBe(input.invoiceId);
    expect(await completedCharges(renewal.id)).toHaveLength(1);
    const charge = ofThisInvoice().filter((e) => e.name === 'chargeInvoice');
    expect(charge.map((e) => e.event)).toEqual(['start', 'end']);
    expect(charge[1]?.result).toMatchObject({ outcome: 'succeeded' });
    // The paid invoice is recorded only after the charge answered.
    const paidSync = h
      .trace()
      .find((e) => e.name === 'syncSubscription' && (e.input as Json).invoice?.id === renewal.id);
    expect(paidSync?.seq).toBeGreaterThan(charge[1]?.seq ?? Number.POSITIVE_INFINITY);
  });

  it('holds the renewal charge after the acquirer captured it: invoice still open; released, paid by that one charge', async () => {
    const planId = await createPlan(h, { period: { unit: 'month', count: 1 } });
    const user = `user-fast-gate-after-${Date.now()}`;
    const sub = await activeSubscription(h, user, planId);
    const gate = h.gates.hold('chargeInvoice', { phase: 'after', match: (input) => input.subscriptionId === sub.id });

    const advancing = advancePast(sub.currentPeriodEnd);
    const input = await gate.reached;
    expect(await completedCharges(input.invoiceId)).toHaveLength(1);
    const invoices = await billingClient(h).invoices(user, sub.id);
    expect(invoices.find((i: Json) => i.id === input.invoiceId)).toMatchObject({ status: 'open' });

    gate.release();
    await advancing;
    const renewal = await paidRenewal(user, sub.id, sub.currentPeriodEnd);
    expect(renewal.id).toBe(input.invoiceId);
    expect(await completedCharges(renewal.id)).toHaveLength(1);
    // Lists are newest first (api.md): the renewal leads, the checkout's invoice comes last.
    const listed = (await billingClient(h).call('GET', `/v1/subscriptions/${sub.id}/invoices`, user)).body.items;
    expect(listed.map((i: Json) => i.kind)).toEqual(['renewal', 'initial']);
  });
});
