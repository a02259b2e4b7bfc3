import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, eventOutbox } from '../../db/schema/index.js';
import { activeSubscription, billingClient, createMinutePlan, type Json, until } from '../support/billing-client.js';
import { type Harness, startHarness } from '../support/harness.js';
import { recordHistory } from '../support/histories.js';
import { invariantsOfEachTest } from '../support/invariants.js';
import { refundClient } from './refund-client.js';

const DAY = { unit: 'day', count: 1 };

describe('refunds', () => {
  let h: Harness;
  afterEach(invariantsOfEachTest(() => h));
  let planId: string;
  beforeAll(async () => {
    h = await startHarness({ REFUND_APPROVAL_THRESHOLD: '50000' });
    planId = await createMinutePlan(h, { amount: 10_000, period: DAY });
  });
  afterAll(async () => {
    await billingClient(h)
      .sandbox('/faults', {})
      .catch(() => {});
    await h?.close();
  });

  const paidSubscription = async (tag: string) => {
    const user = `user-refund-${tag}-${Date.now()}`;
    const sub = await activeSubscription(h, user, planId);
    const payment = await refundClient(h).paidPayment(`inv_${sub.id}_0`);
    return { user, sub, payment };
  };

  it('a partial then a full refund: refundedAmount adds up, the ledger holds both, the subscription ends refunded', async () => {
    const r = refundClient(h);
    const api = billingClient(h);
    const { user, sub, payment } = await paidSubscription('partial');
    const first = await r.refund(payment.id, { amount: 3_000, reason: 'goodwill' });
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({
      paymentId: payment.id,
      amount: 3_000,
      currency: 'RUB',
      requestedBy: 'admin-refunds',
    });
    expect(await r.settled(first.body.id)).toMatchObject({
      status: 'succeeded',
      providerTransactionId: expect.any(String),
    });
    expect((await r.payment(payment.id)).refundedAmount).toBe(3_000);
    expect((await api.subscription(user, sub.id)).status).toBe('active');

    const rest = await r.refund(payment.id, { reason: 'customer left' });
    expect(rest.body.amount).toBe(7_000);
    expect((await r.settled(rest.body.id)).status).toBe('succeeded');
    expect((await r.payment(payment.id)).refundedAmount).toBe(10_000);
    expect((await r.ledgerRefunds(payment.invoiceId)).map((t: Json) => t.Amount)).toEqual([30, 70]);
    const ended = await api.waitForStatus(user, sub.id, 'canceled');
    expect(ended.cancelReason).toBe('refunded');
    const events = await h.database.db.select().from(eventOutbox).where(eq(eventOutbox.subscriptionId, sub.id));
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['refund.succeeded', 'subscription.canceled', 'entitlement.revoked']),
    );
    const audit = await h.database.db.select().from(auditLog).where(eq(auditLog.entityId, first.body.id));
    expect(audit.map((a) => [a.action, a.actor])).toEqual([
      ['refund.requested', 'admin-refunds'],
      ['refund.succeeded', 'system:refund'],
    ]);
    await recordHistory(h.client, 'refund-full-cancels', `refund-${rest.body.id}`);
    await recordHistory(h.client, 'refunded-subscription', `subscription-${sub.id}`);
  }, 90_000);

  it('the same Idempotency-Key returns the same refund; more than is left is 422 refund_exceeds_captured', async () => {
    const r = refundClient(h);
    const { payment } = await paidSubscription('idem');
    const first = await r.refund(payment.id, { amount: 4_000, reason: 'dup' }, 'key-1');
    const again = await r.refund(payment.id, { amount: 4_000, reason: 'dup' }, 'key-1');
    expect(again.body.id).toBe(first.body.id);
    const reused = await r.refund(payment.id, { amount: 5_000, reason: 'dup' }, 'key-1');
    expect([reused.status, reused.body.error.code]).toEqual([409, 'idempotency_key_reused']);
    await r.settled(first.body.id);
    const tooMuch = await r.refund(payment.id, { amount: 6_001, reason: 'too much' });
    expect([tooMuch.status, tooMuch.body.error.code]).toEqual([422, 'refund_exceeds_captured']);
    expect(tooMuch.body.error.details).toMatchObject({ refundable: 6_000 });
    expect(await r.ledgerRefunds(payment.invoiceId)).toHaveLength(1);
    expect((await r.payment(payment.id)).refundedAmount).toBe(4_000);
  }, 60_000);

  it('two concurrent refunds that together exceed the capture: one is refused, the ledger stays within it', async () => {
    const r = refundClient(h);
    const { payment } = await paidSubscription('race');
    const answers = await Promise.all([
      r.refund(payment.id, { amount: 6_000, reason: 'race a' }),
      r.refund(payment.id, { amount: 6_000, reason: 'race b' }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([202, 422]);
    const accepted = answers.find((a) => a.status === 202)?.body;
    expect((await r.settled(accepted.id)).status).toBe('succeeded');
    const ledger = await r.ledgerRefunds(payment.invoiceId);
    expect(ledger.reduce((sum: number, t: Json) => sum + t.Amount * 100, 0)).toBe(6_000);
    expect((await r.payment(payment.id)).refundedAmount).toBe(6_000);
  }, 60_000);

  it('non-admins get 403 on every refund route', async () => {
    const api = billingClient(h);
    const { user, payment } = await paidSubscription('forbidden');
    const headers = { 'idempotency-key': 'k' };
    const calls = [
      api.call('POST', `/v1/payments/${payment.id}/refunds`, user, { reason: 'mine' }, headers),
      api.call('GET', '/v1/refunds', user),
      api.call('GET', '/v1/refunds/ref_x', user),
      api.call('POST', '/v1/refunds/ref_x/approve', user, {}),
      api.call('POST', '/v1/refunds/ref_x/reject', user, {}),
    ];
    for (const res of await Promise.all(calls)) expect([res.status, res.body.error.code]).toEqual([403, 'forbidden']);
    expect((await refundClient(h).payment(payment.id)).refundedAmount).toBe(0);
  }, 60_000);

  it('a refund whose answer is held back is settled by its refund notification: one refund in the ledger', async () => {
    const r = refundClient(h);
    const api = billingClient(h);
    const { payment } = await paidSubscription('notified');
    await api.sandbox('/faults', { timeoutRate: 1 });
    try {
      const res = await r.refund(payment.id, { amount: 1_500, reason: 'held answer' });
      expect(await r.settled(res.body.id)).toMatchObject({
        status: 'succeeded',
        providerTransactionId: expect.any(String),
      });
    } finally {
      await api.sandbox('/faults', {});
    }
    expect(await r.ledgerRefunds(payment.invoiceId)).toHaveLength(1);
    expect((await r.payment(payment.id)).refundedAmount).toBe(1_500);
  }, 60_000);

  it('an acquirer timeout on a refund with its notification lost: looked up before the retry, exactly one refund in the ledger', async () => {
    const r = refundClient(h);
    const api = billingClient(h);
    const { payment } = await paidSubscription('timeout');
    await api.sandbox('/faults', { timeoutRate: 1, dropNotificationRate: 1 });
    let refundId = '';
    try {
      const res = await r.refund(payment.id, { amount: 2_500, reason: 'timeout' });
      expect(res.status).toBe(202);
      refundId = res.body.id;
      // The refund is processed, its answer held back; wait until our call has given up and is being retried.
      await until(
        'the refund call to be retried',
        async () => {
          const info = await h.client.workflow.getHandle(`refund-${refundId}`).describe();
          const attempt = info.raw.pendingActivities?.[0]?.attempt ?? 0;
          return attempt >= 2 && (await r.ledgerRefunds(payment.invoiceId)).length > 0 ? true : undefined;
        },
        60_000,
      );
    } finally {
      await api.sandbox('/faults', {});
    }
    expect(await r.settled(refundId)).toMatchObject({ status: 'succeeded' });
    expect(await r.ledgerRefunds(payment.invoiceId)).toHaveLength(1);
    expect((await r.payment(payment.id)).refundedAmount).toBe(2_500);
    await recordHistory(h.client, 'refund-timeout-looked-up', `refund-${refundId}`);
  }, 120_000);

  it('a refund the acquirer refuses fails and compensation releases the reservation', async () => {
    const r = refundClient(h);
    const { payment } = await paidSubscription('refused');
    // Someone refunded at the acquirer behind our back: our refund now exceeds what the acquirer has left.
    const direct = await fetch(`${h.sandboxUrl}/payments/refund`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Basic ${Buffer.from(`${h.config.sandbox.publicId}:${h.config.sandbox.apiSecret}`).toString('base64')}`,
      },
      body: JSON.stringify({ TransactionId: Number(payment.providerTransactionId), Amount: 90 }),
    });
    expect(((await direct.json()) as { Success: boolean }).Success).toBe(true);
    const res = await r.refund(payment.id, { amount: 2_000, reason: 'refused' });
    expect(await r.settled(res.body.id)).toMatchObject({ status: 'failed', failureReason: expect.any(String) });
    const after = await r.payment(payment.id);
    expect(after.refundedAmount).toBe(0);
    await recordHistory(h.client, 'refund-refused', `refund-${res.body.id}`);
    const again = await r.refund(payment.id, { amount: 10_000, reason: 'all of it is still reservable' });
    expect(again.status).toBe(202);
  }, 60_000);

  it('cancel immediately with a prorated refund: access ends now and the unused part of the period comes back', async () => {
    const r = refundClient(h);
    const api = billingClient(h);
    const { user, sub, payment } = await paidSubscription('prorated');
    const wrongMode = await api.call('POST', `/v1/subscriptions/${sub.id}/cancel`, user, {
      mode: 'at_period_end',
      refund: 'prorated',
    });
    expect([wrongMode.status, wrongMode.body.error.code]).toEqual([400, 'validation_failed']);
    const res = await api.call('POST', `/v1/subscriptions/${sub.id}/cancel`, user, {
      mode: 'immediately',
      refund: 'prorated',
    });
    expect(res.body).toMatchObject({ status: 'canceled', cancelReason: 'user' });
    const refundId = `ref_${payment.invoiceId}_cancel`;
    const refund = await until('the prorated refund to exist', async () => {
      const found = await api.call('GET', `/v1/refunds/${refundId}`, 'admin-refunds');
      return found.status === 200 ? found.body : undefined;
    });
    const settled = await r.settled(refund.id);
    // A day's plan cancelled within seconds of paying: almost all of it, never more, rounded down.
    expect(settled).toMatchObject({ status: 'succeeded', requestedBy: user, paymentId: payment.id });
    expect(settled.amount).toBeGreaterThan(9_900);
    expect(settled.amount).toBeLessThan(10_000);
    expect((await r.ledgerRefunds(payment.invoiceId)).map((t: Json) => Math.round(t.Amount * 100))).toEqual([
      settled.amount,
    ]);
    await recordHistory(h.client, 'cancel-prorated-refund', `subscription-${sub.id}`);
    await recordHistory(h.client, 'refund-prorated', `refund-${refundId}`);
  }, 60_000);
});
