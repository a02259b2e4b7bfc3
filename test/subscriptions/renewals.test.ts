import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscriptionStateQuery } from '../../workflows/subscription/messages.js';
import { subscriptionWorkflowId } from '../../workflows/workflow-ids.js';
import { activeSubscription, billingClient, createMinutePlan, until } from '../support/billing-client.js';
import { type Harness, startHarness } from '../support/harness.js';
import { recordHistory } from '../support/histories.js';

describe('renewals', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('renews twice on a one-minute plan: each invoice charged exactly once, periods contiguous, state kept across continue-as-new', async () => {
    const api = billingClient(h);
    const planId = await createMinutePlan(h);
    const user = `user-renew-${Date.now()}`;
    const first = await activeSubscription(h, user, planId);
    const handle = h.client.workflow.getHandle(subscriptionWorkflowId(first.id));
    const firstRun = (await handle.describe()).runId;

    const invoices = await until(
      'two renewal invoices paid',
      async () => {
        const items = await api.invoices(user, first.id);
        return items.filter((i) => i.kind === 'renewal' && i.status === 'paid').length >= 2 ? items : undefined;
      },
      150_000,
    );
    const renewals = invoices.filter((i) => i.kind === 'renewal').slice(0, 2);
    for (const invoice of renewals) {
      expect(invoice).toMatchObject({ amount: 1000, currency: 'RUB', attempts: 1 });
      const charges = (await api.ledger(invoice.id)).filter((t) => t.Status === 'Completed');
      expect(charges).toHaveLength(1);
      expect(charges[0].RequestId).toBe(`${invoice.id}:1`);
    }
    expect(renewals[0].periodStart).toBe(first.currentPeriodEnd);
    expect(renewals[1].periodStart).toBe(renewals[0].periodEnd);

    const now = await api.subscription(user, first.id);
    expect(now).toMatchObject({ status: 'active', planId, cancelAtPeriodEnd: false });
    const described = await handle.describe();
    expect(described.runId).not.toBe(firstRun);
    const state = await handle.query(subscriptionStateQuery);
    expect(state).toMatchObject({
      subscriptionId: first.id,
      userId: user,
      status: 'active',
      anchor: first.currentPeriodStart,
    });
    expect(state.periodIndex).toBeGreaterThanOrEqual(2);
    expect(described.searchAttributes.BillingStatus).toEqual(['active']);
    expect(described.searchAttributes.BillingUserId).toEqual([user]);
    await recordHistory(h.client, 'two-renewals', handle.workflowId);
  }, 180_000);
});
