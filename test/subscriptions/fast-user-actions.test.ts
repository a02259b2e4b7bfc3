import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventOutbox } from '../../db/schema/index.js';
import { activeSubscription, billingClient, createPlan, until } from '../support/billing-client.js';
import { type FastHarness, startFastHarness } from '../support/fast-harness.js';
import { recordHistory } from '../support/histories.js';
import { invariantsOfEachTest } from '../support/invariants.js';

// Monthly plans on the time-skipping server: the period end is skipped to, not waited for.
describe('user actions on a live subscription', () => {
  let h: FastHarness;
  afterEach(invariantsOfEachTest(() => h));
  let api: ReturnType<typeof billingClient>;
  beforeAll(async () => {
    h = await startFastHarness();
    api = billingClient(h);
  });
  afterAll(async () => {
    await h?.close();
  });
  const events = async (id: string) =>
    (await h.database.db.select().from(eventOutbox).where(eq(eventOutbox.subscriptionId, id))).map((e) => e.type);

  it('cancel at period end, resume, cancel again: access lasts the period, then canceled (period_end) with no renewal', async () => {
    const planId = await createPlan(h);
    const user = `user-cape-${Date.now()}`;
    const sub = await activeSubscription(h, user, planId);
    const cancel = await api.call('POST', `/v1/subscriptions/${sub.id}/cancel`, user, { mode: 'at_period_end' });
    expect(cancel.status).toBe(200);
    expect(cancel.body).toMatchObject({ status: 'active', cancelAtPeriodEnd: true, nextChargeAt: null });
    const resumed = await api.call('POST', `/v1/subscriptions/${sub.id}/resume`, user);
    expect(resumed.body).toMatchObject({
      status: 'active',
      cancelAtPeriodEnd: false,
      nextChargeAt: sub.currentPeriodEnd,
    });
    const resumeAgain = await api.call('POST', `/v1/subscriptions/${sub.id}/resume`, user);
    expect([resumeAgain.status, resumeAgain.body.error.code]).toEqual([409, 'invalid_state']);
    await api.call('POST', `/v1/subscriptions/${sub.id}/cancel`, user, { mode: 'at_period_end' });

    expect((await api.subscription(user, sub.id)).status).toBe('active');
    await h.advancePast(sub.currentPeriodEnd);
    const ended = await api.waitForStatus(user, sub.id, 'canceled');
    expect(ended).toMatchObject({ cancelReason: 'period_end', cancelAtPeriodEnd: false });
    expect(Date.parse(ended.canceledAt)).toBeGreaterThanOrEqual(Date.parse(sub.currentPeriodEnd));
    expect((await api.invoices(user, sub.id)).map((i: { kind: string }) => i.kind)).toEqual(['initial']);
    expect(await events(sub.id)).toEqual(expect.arrayContaining(['subscription.canceled', 'entitlement.revoked']));
    await recordHistory(h.client, 'cancel-at-period-end-resume', `subscription-${sub.id}`);
  });

  it('cancel immediately revokes access now; a second cancel is 409', async () => {
    const user = `user-now-${Date.now()}`;
    const sub = await activeSubscription(h, user, 'monthly');
    const res = await api.call('POST', `/v1/subscriptions/${sub.id}/cancel`, user, { mode: 'immediately' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'canceled', cancelReason: 'user', nextChargeAt: null });
    const again = await api.call('POST', `/v1/subscriptions/${sub.id}/cancel`, user, { mode: 'immediately' });
    expect([again.status, again.body.error.code]).toEqual([409, 'invalid_state']);
    await until('revocation event', async () =>
      (await events(sub.id)).includes('entitlement.revoked') ? true : undefined,
    );
    await recordHistory(h.client, 'cancel-immediately', `subscription-${sub.id}`);
  });

  it("another user's subscription is 404 for every action, and nothing changes", async () => {
    const owner = `user-owner-${Date.now()}`;
    const sub = await activeSubscription(h, owner, 'monthly');
    for (const [method, path, body] of [
      ['GET', `/v1/subscriptions/${sub.id}`, undefined],
      ['GET', `/v1/subscriptions/${sub.id}/invoices`, undefined],
      ['POST', `/v1/subscriptions/${sub.id}/cancel`, { mode: 'immediately' }],
      ['POST', `/v1/subscriptions/${sub.id}/resume`, undefined],
      ['POST', `/v1/subscriptions/${sub.id}/change-plan`, { planId: 'yearly' }],
    ] as const) {
      const res = await api.call(method, path, 'intruder', body);
      expect([path, res.status, res.body.error.code]).toEqual([path, 404, 'subscription_not_found']);
    }
    expect((await api.subscription(owner, sub.id)).status).toBe('active');
  });

  it('upgrade charges the prorated difference now and switches the plan at once', async () => {
    const basic = await createPlan(h, { amount: 6000 });
    const premium = await createPlan(h, { amount: 12_000 });
    const user = `user-up-${Date.now()}`;
    const sub = await activeSubscription(h, user, basic);
    const res = await api.call('POST', `/v1/subscriptions/${sub.id}/change-plan`, user, { planId: premium });
    expect(res.status).toBe(200);
    expect(res.body.subscription).toMatchObject({ planId: premium, pendingPlanId: null, status: 'active' });
    const invoice = res.body.invoice;
    expect(invoice).toMatchObject({ kind: 'proration', status: 'paid', currency: 'RUB' });
    // 6000 difference for whatever is left of the month, rounded down
    expect(invoice.amount).toBeGreaterThan(0);
    expect(invoice.amount).toBeLessThanOrEqual(6000);
    const charges = (await api.ledger(invoice.id)).filter((t: { Status: string }) => t.Status === 'Completed');
    expect(charges.map((t: { Amount: number }) => Math.round(t.Amount * 100))).toEqual([invoice.amount]);
    await recordHistory(h.client, 'upgrade-prorated', `subscription-${sub.id}`);
  });

  it('downgrade waits for the period end, then renews at the new price on the new plan', async () => {
    const premium = await createPlan(h, { amount: 12_000 });
    const basic = await createPlan(h, { amount: 6000 });
    const user = `user-down-${Date.now()}`;
    const sub = await activeSubscription(h, user, premium);
    const res = await api.call('POST', `/v1/subscriptions/${sub.id}/change-plan`, user, { planId: basic });
    expect(res.body).toMatchObject({ subscription: { planId: premium, pendingPlanId: basic }, invoice: null });
    await h.advancePast(sub.currentPeriodEnd);
    const renewed = await until('renewal on the new plan', async () => {
      const s = await api.subscription(user, sub.id);
      return s.planId === basic && s.currentPeriodStart !== sub.currentPeriodStart ? s : undefined;
    });
    expect(renewed).toMatchObject({ status: 'active', pendingPlanId: null });
    const renewal = (await api.invoices(user, sub.id)).find((i: { kind: string }) => i.kind === 'renewal');
    expect(renewal).toMatchObject({ amount: 6000, status: 'paid', periodStart: sub.currentPeriodEnd });
    await recordHistory(h.client, 'downgrade-at-period-end', `subscription-${sub.id}`);
  });
});
