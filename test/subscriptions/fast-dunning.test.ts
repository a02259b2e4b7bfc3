import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventOutbox } from '../../db/schema/index.js';
import { activeSubscription, billingClient, createPlan, savedCards, until } from '../support/billing-client.js';
import { type FastHarness, startFastHarness } from '../support/fast-harness.js';
import { recordHistory } from '../support/histories.js';
import { invariantsOfEachTest } from '../support/invariants.js';

// Monthly plans; the period end and each step of the dunning schedule are skipped to, not waited for.
describe('dunning on the time-skipping server', () => {
  let h: FastHarness;
  afterEach(invariantsOfEachTest(() => h));
  beforeAll(async () => {
    h = await startFastHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  const tokenOf = async (subscriptionId: string) => (await savedCards(h, subscriptionId))[0]?.token ?? '';

  it('a soft decline makes it past_due, and the scheduled retry after the card recovers makes it active again, anchor kept', async () => {
    const api = billingClient(h);
    const planId = await createPlan(h, { dunningScheduleSeconds: [10, 20, 30] });
    const user = `user-soft-${Date.now()}`;
    const sub = await activeSubscription(h, user, planId);
    await api.sandbox(`/tokens/${await tokenOf(sub.id)}/behavior`, { reasonCode: 5051, times: 1 });

    // To just past the period end: the renewal is declined, its first retry (10 s later) not yet due.
    await h.advancePast(sub.currentPeriodEnd);
    const pastDue = await api.waitForStatus(user, sub.id, 'past_due');
    expect(pastDue.pastDueSince).not.toBeNull();
    expect(Date.parse(pastDue.nextChargeAt) - Date.parse(pastDue.pastDueSince)).toBeGreaterThanOrEqual(9_000);
    await h.advancePast(pastDue.nextChargeAt);
    const recovered = await api.waitForStatus(user, sub.id, 'active');
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
  });

  it('a hard decline is not retried: past_due with no next charge, then canceled (payment_failed) when the schedule ends', async () => {
    const api = billingClient(h);
    const planId = await createPlan(h, { dunningScheduleSeconds: [5, 10, 15] });
    const user = `user-hard-${Date.now()}`;
    const sub = await activeSubscription(h, user, planId);
    await api.sandbox(`/tokens/${await tokenOf(sub.id)}/behavior`, { reasonCode: 5005 });

    await h.advancePast(sub.currentPeriodEnd);
    const pastDue = await api.waitForStatus(user, sub.id, 'past_due');
    expect(pastDue.nextChargeAt).toBeNull();
    await h.advance('15 seconds');
    const canceled = await api.waitForStatus(user, sub.id, 'canceled');
    expect(canceled.cancelReason).toBe('payment_failed');
    const [renewal] = (await api.invoices(user, sub.id)).filter((i) => i.kind === 'renewal');
    expect(renewal).toMatchObject({ status: 'uncollectible', attempts: 1 });
    expect(await api.ledger(renewal.id)).toHaveLength(1);
    await recordHistory(h.client, 'dunning-hard-canceled', `subscription-${sub.id}`);
    await until('entitlement revoked event', async () => {
      const rows = await h.database.db.select().from(eventOutbox).where(eq(eventOutbox.subscriptionId, sub.id));
      return rows.some((r) => r.type === 'entitlement.revoked') ? rows : undefined;
    });
  });
});
