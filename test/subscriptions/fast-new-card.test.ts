import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { activeSubscription, billingClient, CARDS, createPlan, savedCards } from '../support/billing-client.js';
import { type FastHarness, startFastHarness } from '../support/fast-harness.js';
import { recordHistory } from '../support/histories.js';
import { invariantsOfEachTest } from '../support/invariants.js';

// A monthly plan on the time-skipping server: the failed renewal is skipped to, not waited for.
describe('a new card for a past_due subscription', () => {
  let h: FastHarness;
  afterEach(invariantsOfEachTest(() => h));
  beforeAll(async () => {
    h = await startFastHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  const cards = (subscriptionId: string) => savedCards(h, subscriptionId);

  it('pays the failed renewal at once, saves the new card, and keeps automatic retries off while the link is open', async () => {
    const api = billingClient(h);
    const planId = await createPlan(h, { dunningScheduleSeconds: [30, 60, 90] });
    const user = `user-newcard-${Date.now()}`;
    const sub = await activeSubscription(h, user, planId);
    const [oldCard] = await cards(sub.id);
    await api.sandbox(`/tokens/${oldCard?.token}/behavior`, { reasonCode: 5051 });
    await h.advancePast(sub.currentPeriodEnd);
    await api.waitForStatus(user, sub.id, 'past_due');

    const res = await api.call('POST', `/v1/subscriptions/${sub.id}/payment-method`, user);
    expect(res.status).toBe(201);
    const { checkout } = res.body;
    expect(checkout).toMatchObject({
      invoiceId: `inv_${sub.id}_1`,
      status: 'awaiting_payment',
      paymentUrl: expect.stringContaining('/d/'),
    });
    expect((await api.subscription(user, sub.id)).nextChargeAt).toBeNull();
    const again = await api.call('POST', `/v1/subscriptions/${sub.id}/payment-method`, user);
    expect(again.body.checkout.paymentUrl).toBe(checkout.paymentUrl);

    await api.payLink(checkout.paymentUrl, CARDS.otherSuccess);
    const active = await api.waitForStatus(user, sub.id, 'active');
    expect(active).toMatchObject({ pastDueSince: null, currentPeriodStart: sub.currentPeriodEnd });
    const renewal = (await api.invoices(user, sub.id)).find((i: { id: string }) => i.id === checkout.invoiceId);
    expect(renewal).toMatchObject({ status: 'paid', attempts: 2 });
    expect((await api.ledger(checkout.invoiceId)).map((t: { Status: string }) => t.Status)).toEqual([
      'Declined',
      'Completed',
    ]);
    const [newest, previous] = await cards(sub.id);
    expect(previous?.token).toBe(oldCard?.token);
    expect(newest?.token).not.toBe(oldCard?.token);
    await recordHistory(h.client, 'new-card-while-past-due', `subscription-${sub.id}`);
  });
});
