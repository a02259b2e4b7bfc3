import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { subscriptionStateQuery } from '../../workflows/subscription/messages.js';
import { subscriptionWorkflowId } from '../../workflows/workflow-ids.js';
import { activeSubscription, billingClient, createMinutePlan, until } from '../support/billing-client.js';
import { type Harness, startHarness } from '../support/harness.js';
import { invariantsOfEachTest } from '../support/invariants.js';

// The one renewal kept on real minutes, on the dev server with the whole stack: the month-long renewals, their
// continue-as-new and the recorded `two-renewals` histories are in fast-renewal.test.ts.
describe('a renewal in real time', () => {
  let h: Harness;
  afterEach(invariantsOfEachTest(() => h));
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('renews a one-minute plan once: the invoice charged exactly once from where the first period ended, in a new run that kept the state and search attributes', async () => {
    const api = billingClient(h);
    const planId = await createMinutePlan(h);
    const user = `user-renew-${Date.now()}`;
    const first = await activeSubscription(h, user, planId);
    const handle = h.client.workflow.getHandle(subscriptionWorkflowId(first.id));
    const firstRun = (await handle.describe()).runId;

    const renewal = await until(
      'the renewal invoice paid',
      async () => (await api.invoices(user, first.id)).find((i) => i.kind === 'renewal' && i.status === 'paid'),
      100_000,
    );
    expect(renewal).toMatchObject({ amount: 1000, currency: 'RUB', attempts: 1, periodStart: first.currentPeriodEnd });
    const charges = (await api.ledger(renewal.id)).filter((t) => t.Status === 'Completed');
    expect(charges).toHaveLength(1);
    expect(charges[0].RequestId).toBe(`${renewal.id}:1`);

    const now = await api.subscription(user, first.id);
    expect(now).toMatchObject({ status: 'active', planId, cancelAtPeriodEnd: false });
    // The run continues-as-new just after the renewal is recorded paid.
    const described = await until('the next run', async () => {
      const d = await handle.describe();
      return d.runId !== firstRun ? d : undefined;
    });
    const state = await handle.query(subscriptionStateQuery);
    expect(state).toMatchObject({
      subscriptionId: first.id,
      userId: user,
      status: 'active',
      anchor: first.currentPeriodStart,
    });
    expect(state.periodIndex).toBeGreaterThanOrEqual(1);
    expect(described.searchAttributes.BillingStatus).toEqual(['active']);
    expect(described.searchAttributes.BillingUserId).toEqual([user]);
  }, 120_000);
});
