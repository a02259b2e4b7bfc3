import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { payments } from '../../db/schema/index.js';
import {
  activeSubscription,
  billingClient,
  CARDS,
  createPlan,
  type Json,
  savedCards,
  until,
} from '../support/billing-client.js';
import { type FastHarness, startFastHarness } from '../support/fast-harness.js';
import { recordHistory } from '../support/histories.js';
import { invariantsOfEachTest } from '../support/invariants.js';

// Monthly plans on the time-skipping server: the next renewal and the card check's deadline are skipped to.
describe('a new card for an active subscription (card check)', () => {
  let h: FastHarness;
  afterEach(invariantsOfEachTest(() => h));
  beforeAll(async () => {
    h = await startFastHarness({ CHECKOUT_TTL_SECONDS: '20' });
  });
  afterAll(async () => {
    await h?.close();
  });

  const cards = (subscriptionId: string) => savedCards(h, subscriptionId);
  const invoice = async (user: string, subscriptionId: string, invoiceId: string) =>
    (await billingClient(h).invoices(user, subscriptionId)).find((i: Json) => i.id === invoiceId);

  it('holds 1.00 on the new card, voids the hold at once, and charges the next renewal to the new card', async () => {
    const api = billingClient(h);
    const planId = await createPlan(h);
    const user = `user-cardcheck-${Date.now()}`;
    const sub = await activeSubscription(h, user, planId);
    const [oldCard] = await cards(sub.id);

    const res = await api.call('POST', `/v1/subscriptions/${sub.id}/payment-method`, user);
    expect(res.status).toBe(201);
    const { checkout } = res.body;
    expect(checkout).toMatchObject({
      invoiceId: `inv_${sub.id}_card_1`,
      status: 'awaiting_payment',
      paymentUrl: expect.stringContaining('/d/'),
    });
    const again = await api.call('POST', `/v1/subscriptions/${sub.id}/payment-method`, user);
    expect(again.body.checkout).toEqual(checkout);
    expect(await invoice(user, sub.id, checkout.invoiceId)).toMatchObject({
      kind: 'card_check',
      amount: 100,
      status: 'open',
    });

    await api.payLink(checkout.paymentUrl, CARDS.otherSuccess);
    await until('the card check to be voided', async () =>
      (await invoice(user, sub.id, checkout.invoiceId))?.status === 'void' ? true : undefined,
    );
    const [hold] = await h.database.db.select().from(payments).where(eq(payments.invoiceId, checkout.invoiceId));
    expect(hold).toMatchObject({ status: 'canceled', amount: 100 });
    expect((await api.ledger(checkout.invoiceId)).map((t: Json) => t.Status)).toEqual(['Cancelled']);
    const [newCard] = await cards(sub.id);
    expect(newCard?.token).not.toBe(oldCard?.token);
    expect((await api.subscription(user, sub.id)).status).toBe('active');

    const renewalId = `inv_${sub.id}_1`;
    await h.advancePast(sub.currentPeriodEnd);
    await until('the renewal to be paid', async () =>
      (await invoice(user, sub.id, renewalId))?.status === 'paid' ? true : undefined,
    );
    const charges = await api.ledger(renewalId);
    expect(charges.map((t: Json) => [t.Status, t.Token])).toEqual([['Completed', newCard?.token]]);
    await recordHistory(h.client, 'card-check-while-active', `subscription-${sub.id}`);
  });

  it('expires an unpaid card check: its order is cancelled, its invoice void, and the saved card is kept', async () => {
    const api = billingClient(h);
    const planId = await createPlan(h);
    const user = `user-cardcheck-expiry-${Date.now()}`;
    const sub = await activeSubscription(h, user, planId);
    const [oldCard] = await cards(sub.id);
    const { checkout } = (await api.call('POST', `/v1/subscriptions/${sub.id}/payment-method`, user)).body;

    await h.advancePast(checkout.expiresAt);
    await until('the card check to expire', async () =>
      (await invoice(user, sub.id, checkout.invoiceId))?.status === 'void' ? true : undefined,
    );
    const late = await fetch(`${h.sandboxUrl}/_sandbox/orders/${checkout.paymentUrl.split('/d/')[1]}/pay`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ cardNumber: CARDS.otherSuccess }),
    });
    expect(late.ok).toBe(false);
    expect(await api.ledger(checkout.invoiceId)).toEqual([]);
    expect((await cards(sub.id)).map((c) => c.token)).toEqual([oldCard?.token]);
    const next = await api.call('POST', `/v1/subscriptions/${sub.id}/payment-method`, user);
    expect(next.body.checkout.invoiceId).toBe(`inv_${sub.id}_card_2`);
  });
});
