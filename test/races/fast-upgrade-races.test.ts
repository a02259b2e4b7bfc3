// Race 6 (issue 10), around an upgrade: a declined proration followed by a second try in the same period. Race 4 (a
// proration in flight when the period ends) has a file of its own: fast-upgrade-period-end-race.test.ts.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { activeSubscription, billingClient, createPlan, type Json, savedCards } from '../support/billing-client.js';
import { type FastHarness, startFastHarness } from '../support/fast-harness.js';
import { expectInvariants } from '../support/invariants.js';
import { raceRequests } from '../support/race-requests.js';

describe('races around an upgrade', () => {
  let h: FastHarness;
  const plans = { month: '', monthPremium: '' };
  beforeAll(async () => {
    h = await startFastHarness();
    const plan = (unit: string, amount: number) =>
      createPlan(h, { period: { unit, count: 1 }, amount, dunningScheduleSeconds: [86_400] });
    [plans.month, plans.monthPremium] = await Promise.all([plan('month', 1000), plan('month', 2000)]);
  });
  afterEach(() => h.gates.releaseAll());
  afterAll(async () => {
    await h?.close();
  });

  const newUser = () => `user-upgrade-${randomUUID().slice(0, 8)}`;
  const capturesOf = async (invoiceId: string) =>
    (await billingClient(h).ledger(invoiceId)).filter((t: Json) => t.Kind === 'payment' && t.Status === 'Completed');

  it('race 6: a declined proration leaves the plan as it was, and a second upgrade in the same period is charged afresh and applies', async () => {
    const api = billingClient(h);
    const r = raceRequests(h);
    const user = newUser();
    const sub = await activeSubscription(h, user, plans.month);
    const [card] = await savedCards(h, sub.id);
    await api.sandbox(`/tokens/${card?.token}/behavior`, { reasonCode: 5051, times: 1 });

    const declined = await r.changePlan(user, sub.id, plans.monthPremium);
    expect([declined.status, declined.body.error?.code]).toEqual([402, 'payment_declined']);
    expect((await api.subscription(user, sub.id)).planId).toBe(plans.month);

    const upgraded = await r.changePlan(user, sub.id, plans.monthPremium);
    expect(upgraded.status).toBe(200);
    expect(upgraded.body.subscription.planId).toBe(plans.monthPremium);
    const { invoice } = upgraded.body;
    expect(invoice).toMatchObject({ kind: 'proration', status: 'paid' });
    expect(invoice.id).not.toBe(declined.body.error.details.invoiceId);
    expect((await capturesOf(invoice.id)).map((t: Json) => Math.round(t.Amount * 100))).toEqual([invoice.amount]);
    await expectInvariants(h, sub.id, r.answers);
  });
});
