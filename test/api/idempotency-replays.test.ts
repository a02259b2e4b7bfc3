import { eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { idempotencyKeys, refunds } from '../../db/schema/index.js';
import { refundClient } from '../refunds/refund-client.js';
import { activeSubscription, billingClient, CARDS, createPlan, type Json, until } from '../support/billing-client.js';
import { type Harness, startHarness } from '../support/harness.js';
import { invariantsOfEachTest } from '../support/invariants.js';

const DAY = { unit: 'day', count: 1 };
const REPLAYED = 'idempotent-replayed';

// Issue 11, point 8: every POST that moves money or changes a subscription replays its first answer for a key.
describe('Idempotency-Key on the POSTs that move money or change a subscription', () => {
  let h: Harness;
  afterEach(invariantsOfEachTest(() => h));
  let basic: string;
  let premium: string;
  beforeAll(async () => {
    h = await startHarness();
    basic = await createPlan(h, { amount: 6_000, period: DAY });
    premium = await createPlan(h, { amount: 12_000, period: DAY });
  });
  afterAll(async () => {
    await h?.close();
  });

  const post = (user: string, path: string, body: unknown, key?: string) =>
    billingClient(h).call('POST', path, user, body, key ? { 'idempotency-key': key } : {});
  /** The same request twice: the second is the first answer again, marked as a replay. */
  const twice = async (user: string, path: string, body: unknown, key: string) => {
    const first = await post(user, path, body, key);
    const again = await post(user, path, body, key);
    expect([first.status, first.headers.get(REPLAYED)], JSON.stringify(first.body)).toEqual([first.status, null]);
    expect(first.status).toBeLessThan(300);
    expect([again.status, again.headers.get(REPLAYED)]).toEqual([first.status, 'true']);
    expect(again.body).toEqual(first.body);
    return first;
  };
  const subscribed = async (tag: string, planId = basic) => {
    const user = `user-idem-${tag}-${Date.now()}`;
    return { user, sub: await activeSubscription(h, user, planId) };
  };
  const ledgerRefunds = (invoiceId: string) => refundClient(h).ledgerRefunds(invoiceId);
  /** The prorated refund of a cancel, once it has settled (its workflow starts after the cancel is answered). */
  const cancelRefund = (subscriptionId: string) =>
    until(`the cancel refund of ${subscriptionId}`, async () => {
      const res = await billingClient(h).call('GET', `/v1/refunds/ref_inv_${subscriptionId}_0_cancel`, 'admin-idem');
      return res.status === 200 && ['succeeded', 'failed'].includes(res.body.status) ? res.body : undefined;
    });
  /** Makes a stored key look `seconds` old, as if that much time had passed since its first use. */
  const age = (key: string, seconds: number) =>
    h.database.db
      .update(idempotencyKeys)
      .set({ createdAt: sql`now() - make_interval(secs => ${seconds})` })
      .where(eq(idempotencyKeys.key, key));

  it('cancel with a prorated refund, retried: one answer, one refund at the acquirer', async () => {
    const { user, sub } = await subscribed('cancel-refund');
    const body = { mode: 'immediately', refund: 'prorated' };
    const first = await twice(user, `/v1/subscriptions/${sub.id}/cancel`, body, 'cancel-refund-1');
    expect(first.body).toMatchObject({ status: 'canceled' });
    const refunded = await cancelRefund(sub.id);
    expect(refunded.status).toBe('succeeded');
    await post(user, `/v1/subscriptions/${sub.id}/cancel`, body, 'cancel-refund-1');
    expect(await ledgerRefunds(`inv_${sub.id}_0`)).toHaveLength(1);
    const rows = await h.database.db.select().from(refunds).where(eq(refunds.paymentId, refunded.paymentId));
    expect(rows).toHaveLength(1);
  }, 90_000);

  it('admin cancel with a refund, retried: one refund; the same key with another body is 409 idempotency_key_reused', async () => {
    const { user, sub } = await subscribed('admin-cancel');
    const path = `/v1/admin/subscriptions/${sub.id}/cancel`;
    const body = { mode: 'immediately', refund: 'prorated', reason: 'ticket 1' };
    await twice('admin-idem', path, body, 'admin-cancel-1');
    expect((await cancelRefund(sub.id)).status).toBe('succeeded');
    const reused = await post('admin-idem', path, { ...body, reason: 'ticket 2' }, 'admin-cancel-1');
    expect([reused.status, reused.body.error.code]).toEqual([409, 'idempotency_key_reused']);
    expect(await ledgerRefunds(`inv_${sub.id}_0`)).toHaveLength(1);
    expect((await billingClient(h).subscription(user, sub.id)).status).toBe('canceled');
  }, 90_000);

  it('change-plan (an upgrade) retried: the same proration invoice, charged once', async () => {
    const { user, sub } = await subscribed('upgrade');
    const first = await twice(user, `/v1/subscriptions/${sub.id}/change-plan`, { planId: premium }, 'upgrade-1');
    expect(first.body.invoice).toMatchObject({ kind: 'proration', status: 'paid' });
    const charges = (await billingClient(h).ledger(first.body.invoice.id)).filter((t: Json) => t.Type !== 1);
    expect(charges).toHaveLength(1);
  }, 90_000);

  it('payment-method and resume retried: the first answers again; a cancel replayed after a resume changes nothing', async () => {
    const { user, sub } = await subscribed('card');
    const card = await twice(user, `/v1/subscriptions/${sub.id}/payment-method`, {}, 'card-1');
    expect(card.body.checkout).toMatchObject({ paymentUrl: expect.any(String) });
    const cancel = await twice(user, `/v1/subscriptions/${sub.id}/cancel`, { mode: 'at_period_end' }, 'later-1');
    expect(cancel.body.cancelAtPeriodEnd).toBe(true);
    await twice(user, `/v1/subscriptions/${sub.id}/resume`, undefined, 'resume-1');
    const replayed = await post(user, `/v1/subscriptions/${sub.id}/cancel`, { mode: 'at_period_end' }, 'later-1');
    expect([replayed.headers.get(REPLAYED), replayed.body.cancelAtPeriodEnd]).toEqual(['true', true]);
    expect((await billingClient(h).subscription(user, sub.id)).cancelAtPeriodEnd).toBe(false);
  }, 90_000);

  it("keys belong to their caller: an operator's request with the user's key is answered on its own", async () => {
    const { user, sub } = await subscribed('scope');
    await twice(user, `/v1/subscriptions/${sub.id}/cancel`, { mode: 'at_period_end' }, 'shared-key');
    const admin = await post('admin-idem', `/v1/subscriptions/${sub.id}/resume`, undefined, 'shared-key');
    expect([admin.status, admin.headers.get(REPLAYED), admin.body.cancelAtPeriodEnd]).toEqual([200, null, false]);
    const other = await post(
      'admin-idem',
      `/v1/subscriptions/${sub.id}/cancel`,
      { mode: 'at_period_end' },
      'shared-key',
    );
    expect([other.status, other.headers.get(REPLAYED)]).toEqual([200, null]);
  }, 90_000);

  it('an expired key starts a new operation, even before the purge: a new cancel, a new subscription', async () => {
    const { user, sub } = await subscribed('expired');
    const path = `/v1/subscriptions/${sub.id}/cancel`;
    await twice(user, path, { mode: 'at_period_end' }, 'expiring-cancel');
    await post(user, `/v1/subscriptions/${sub.id}/resume`, undefined);
    await age('expiring-cancel', h.config.idempotency.keyTtlSeconds + 60);
    const fresh = await post(user, path, { mode: 'at_period_end' }, 'expiring-cancel');
    expect([fresh.status, fresh.headers.get(REPLAYED)]).toEqual([200, null]);
    expect((await billingClient(h).subscription(user, sub.id)).cancelAtPeriodEnd).toBe(true);

    // Subscribing again with an expired key makes a new subscription, not the old one read back.
    const key = `expiring-subscribe-${Date.now()}`;
    const other = `${user}-2`;
    const api = billingClient(h);
    const first = await api.subscribe(other, { planId: basic }, key);
    await api.payLink(first.body.checkout.paymentUrl, CARDS.success);
    await api.waitForStatus(other, first.body.subscription.id, 'active');
    await post(other, `/v1/subscriptions/${first.body.subscription.id}/cancel`, { mode: 'immediately' });
    const replay = await billingClient(h).subscribe(other, { planId: basic }, key);
    expect([replay.headers.get(REPLAYED), replay.body.subscription.id]).toEqual(['true', first.body.subscription.id]);
    await age(key, h.config.idempotency.keyTtlSeconds + 1);
    const again = await billingClient(h).subscribe(other, { planId: basic }, key);
    expect([again.status, again.headers.get(REPLAYED)]).toEqual([201, null]);
    expect(again.body.subscription.id).not.toBe(first.body.subscription.id);
    await post(other, `/v1/subscriptions/${again.body.subscription.id}/cancel`, { mode: 'immediately' });
  }, 90_000);

  it('the purge schedule deletes expired keys and keeps live ones', async () => {
    const { user, sub } = await subscribed('purge');
    await post(user, `/v1/subscriptions/${sub.id}/cancel`, { mode: 'at_period_end' }, 'purge-old');
    await post(user, `/v1/subscriptions/${sub.id}/resume`, undefined, 'purge-live');
    await age('purge-old', h.config.idempotency.keyTtlSeconds + 5);
    const keys = async () =>
      (
        await h.database.db
          .select({ key: idempotencyKeys.key })
          .from(idempotencyKeys)
          .where(sql`${idempotencyKeys.scope} like ${`${user}:%`}`)
      )
        .map((k) => k.key)
        .filter((k) => k.startsWith('purge-'));
    expect((await keys()).sort()).toEqual(['purge-live', 'purge-old']);
    const schedule = h.client.schedule.getHandle(`idempotency-purge-${h.config.temporal.taskQueue}`);
    await schedule.trigger();
    await until('the expired key to be purged', async () => !(await keys()).includes('purge-old'));
    expect(await keys()).toEqual(['purge-live']);
  }, 90_000);
});
