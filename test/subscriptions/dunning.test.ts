import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paymentMethods } from '../../db/schema/index.js';
import { activeSubscription, billingClient, createMinutePlan, until } from '../support/billing-client.js';
import { type Harness, startHarness } from '../support/harness.js';
import { recordHistory } from '../support/histories.js';

describe('dunning', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  const tokenOf = async (subscriptionId: string) =>
    (await h.database.db.select().from(paymentMethods).where(eq(paymentMethods.subscriptionId, subscriptionId)))[0]
      ?.token ?? '';

  it('a soft decline makes it past_due, and the scheduled retry after the card recovers makes it active again, anchor kept', async () => {
    const api = billingClient(h);
    const planId = await createMinutePlan(h, { dunningScheduleSeconds: [10, 20, 30] });
    const user = `user-soft-${Date.now()}`;
    const sub = await activeSubscription(h, user, planId);
    await api.sandbox(`/tokens/${await tokenOf(sub.id)}/behavior`, { reasonCode: 5051, times: 1 });

    const pastDue = await api.waitForStatus(user, sub.id, 'past_due', 90_000);
    expect(pastDue.pastDueSince).not.toBeNull();
    expect(Date.parse(pastDue.nextChargeAt) - Date.parse(pastDue.pastDueSince)).toBeGreaterThanOrEqual(9_000);
    const recovered = await api.waitForStatus(user, sub.id, 'active', 60_000);
    expect(recovered.pastDueSince).toBeNull();
    expect(recovered.currentPeriodStart).toBe(sub.currentPeriodEnd);

    const [renewal] = (await api.invoices(user, sub.id)).filter((i) => i.kind === 'renewal');
    expect(renewal).toMatchObject({ status: 'paid', attempts: 2 });
    const ledger = await api.ledger(renewal.id);
    expect(ledger.map((t) => t.Status)).toEqual(['Declined', 'Completed']);
    const payments = (await api.call('GET', `/v1/payments?subscriptionId=${sub.id}`, user)).body.items;
    await recordHistory(h.client, 'dunning-soft-recovered', `subscription-${sub.id}`);
    expect(payments.find((p: { status: string }) => p.status === 'declined')).toMatchObject({
      declineCode: '5051',
      declineReason: 'InsufficientFunds',
    });
  }, 150_000);

  it('a hard decline is not retried: past_due with no next charge, then canceled (payment_failed) when the schedule ends', async () => {
    const api = billingClient(h);
    const planId = await createMinutePlan(h, { dunningScheduleSeconds: [5, 10, 15] });
    const user = `user-hard-${Date.now()}`;
    const sub = await activeSubscription(h, user, planId);
    await api.sandbox(`/tokens/${await tokenOf(sub.id)}/behavior`, { reasonCode: 5005 });

    const pastDue = await api.waitForStatus(user, sub.id, 'past_due', 90_000);
    expect(pastDue.nextChargeAt).toBeNull();
    const canceled = await api.waitForStatus(user, sub.id, 'canceled', 40_000);
    expect(canceled.cancelReason).toBe('payment_failed');
    const [renewal] = (await api.invoices(user, sub.id)).filter((i) => i.kind === 'renewal');
    expect(renewal).toMatchObject({ status: 'uncollectible', attempts: 1 });
    expect(await api.ledger(renewal.id)).toHaveLength(1);
    await recordHistory(h.client, 'dunning-hard-canceled', `subscription-${sub.id}`);
    await until('entitlement revoked event', async () => {
      const { eventOutbox } = await import('../../db/schema/index.js');
      const rows = await h.database.db.select().from(eventOutbox).where(eq(eventOutbox.subscriptionId, sub.id));
      return rows.some((r) => r.type === 'entitlement.revoked') ? rows : undefined;
    });
  }, 150_000);
});
