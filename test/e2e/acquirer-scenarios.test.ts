// The whole-stack scenarios on each acquirer over its sandbox, driven only through the API and the acquirer driver
// (test/support/acquirer-drivers), so a second acquirer runs them unchanged. Real time on the dev server: three
// subscriptions on a one-minute plan start together in beforeAll, so their renewals fall due while the other
// scenarios run, and a file takes about as long as one renewal.
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventOutbox } from '../../db/schema/index.js';
import { refundClient } from '../refunds/refund-client.js';
import { acquirerBooks, ourBooks } from '../support/acquirer-drivers/books.js';
import { type AcquirerControls, acquirerDriver, capturesOf, operationsOf } from '../support/acquirer-drivers/index.js';
import {
  billingClient,
  createMinutePlan,
  createPlan,
  type Json,
  savedCards,
  until,
} from '../support/billing-client.js';
import { type Harness, startHarness } from '../support/harness.js';
import { invariantsOfEachTest } from '../support/invariants.js';

const ACQUIRERS = ['cloudpayments', 'yookassa'] as const;
const MINUTE_PLAN_AMOUNT = 1000;

describe.each(ACQUIRERS)('whole-stack scenarios on %s over its sandbox', (name) => {
  const driver = acquirerDriver(name);
  const cards = driver.cards;
  let h: Harness;
  let api: ReturnType<typeof billingClient>;
  let acquirer: AcquirerControls;
  /** Subscriptions on the one-minute plan: one renews, one is declined softly once, one is declined hard. */
  const minute: Record<'renewing' | 'soft' | 'hard', { user: string; sub: Json }> = {} as never;
  afterEach(invariantsOfEachTest(() => h));

  const subscribeAndPayLink = async (user: string, planId: string, card: string = cards.success) => {
    const created = await api.subscribe(user, { planId });
    if (created.status !== 201) throw new Error(`subscribe: ${JSON.stringify(created.body)}`);
    await acquirer.payLink(created.body.checkout, card);
    return api.waitForStatus(user, created.body.subscription.id, 'active');
  };
  const savedCardOf = async (subscriptionId: string) => (await savedCards(h, subscriptionId))[0]?.token ?? '';
  const renewalOf = async (user: string, subscriptionId: string) =>
    (await api.invoices(user, subscriptionId)).find((i) => i.kind === 'renewal');
  const paidRenewal = (user: string, subscriptionId: string, what: string) =>
    until(
      what,
      async () => {
        const renewal = await renewalOf(user, subscriptionId);
        return renewal?.status === 'paid' ? renewal : undefined;
      },
      90_000,
    );
  const eventsOf = async (subscriptionId: string) =>
    (await h.database.db.select().from(eventOutbox).where(eq(eventOutbox.subscriptionId, subscriptionId))).map(
      (e) => e.type,
    );

  beforeAll(async () => {
    h = await startHarness({
      ...(await driver.overrides()),
      // Only the scenario's own run reconciles here, and an unpaid checkout is not looked up by its deadline.
      CHECKOUT_TTL_SECONDS: '3600',
      RECONCILIATION_INTERVAL_SECONDS: '86400',
      RECONCILIATION_STALE_AFTER_SECONDS: '1',
    });
    api = billingClient(h);
    acquirer = driver.controls(h);
    const planId = await createMinutePlan(h, { amount: MINUTE_PLAN_AMOUNT, dunningScheduleSeconds: [3, 6, 9] });
    await Promise.all(
      (['renewing', 'soft', 'hard'] as const).map(async (tag) => {
        const user = `user-${name}-${tag}-${Date.now()}`;
        minute[tag] = { user, sub: await subscribeAndPayLink(user, planId) };
      }),
    );
    await acquirer.declineCharges(await savedCardOf(minute.soft.sub.id), 'soft', 1);
    await acquirer.declineCharges(await savedCardOf(minute.hard.sub.id), 'hard');
  }, 60_000);
  afterAll(async () => {
    await acquirer?.clearFaults().catch(() => {});
    await h?.close();
  });

  const subscribeWithCard = async (user: string, card: string) => {
    const payment = { method: 'card_cryptogram', cryptogram: await acquirer.cardPacket(card), ipAddress: '127.0.0.1' };
    const created = await api.subscribe(user, { planId: 'monthly', payment });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body as Json;
  };

  it('checkout with 3-D Secure passed: the return answers succeeded, the subscription is active, the invoice captured once', async () => {
    const user = `user-${name}-3ds-${Date.now()}`;
    const { subscription, checkout } = await subscribeWithCard(user, cards.success3ds);
    expect(checkout.status).toBe('requires_action');
    const answer = await acquirer.completeChallenge(checkout, 'success');
    expect([answer.status, answer.body]).toEqual([200, { subscriptionId: subscription.id, status: 'succeeded' }]);
    await api.waitForStatus(user, subscription.id, 'active');
    const invoice = (await api.invoices(user, subscription.id)).find((i) => i.id === checkout.invoiceId);
    const captures = capturesOf(await acquirer.ledger(), checkout.invoiceId);
    expect(captures.map((t) => [t.amount, t.currency])).toEqual([[invoice.amount, invoice.currency]]);
  });

  it('checkout with 3-D Secure failed: the return answers declined, the subscription expires, nothing is captured', async () => {
    const user = `user-${name}-3ds-fail-${Date.now()}`;
    const { subscription, checkout } = await subscribeWithCard(user, cards.success3ds);
    const answer = await acquirer.completeChallenge(checkout, 'fail');
    expect([answer.status, answer.body]).toEqual([200, { subscriptionId: subscription.id, status: 'declined' }]);
    await api.waitForStatus(user, subscription.id, 'expired');
    expect(operationsOf(await acquirer.ledger(), checkout.invoiceId).map((t) => t.status)).toEqual(['declined']);
  });

  it('a card check holds 1.00 on the new card and releases it at once: invoice void, new card saved, nothing captured', async () => {
    const user = `user-${name}-card-check-${Date.now()}`;
    const sub = await subscribeAndPayLink(user, 'monthly');
    const oldCard = await savedCardOf(sub.id);
    const res = await api.call('POST', `/v1/subscriptions/${sub.id}/payment-method`, user);
    expect(res.status).toBe(201);
    const { checkout } = res.body;
    await acquirer.payLink(checkout, cards.otherSuccess);
    const invoice = await until('the card check to be voided', async () =>
      (await api.invoices(user, sub.id)).find((i) => i.id === checkout.invoiceId && i.status === 'void'),
    );
    expect(invoice).toMatchObject({ kind: 'card_check', amount: 100 });
    const holds = operationsOf(await acquirer.ledger(), checkout.invoiceId);
    expect(holds.map((t) => [t.status, t.amount])).toEqual([['voided', 100]]);
    const newCard = await savedCardOf(sub.id);
    expect(newCard).not.toBe(oldCard);
    expect(holds[0]?.savedCard ?? newCard).toBe(newCard);
    expect((await api.subscription(user, sub.id)).status).toBe('active');
  });

  it('refunds: a partial and then the rest come back, more than is left is refused 422, the ledger holds both refunds', async () => {
    const r = refundClient(h);
    const planId = await createPlan(h, { amount: 10_000, period: { unit: 'day', count: 1 } });
    const user = `user-${name}-refund-${Date.now()}`;
    const sub = await subscribeAndPayLink(user, planId);
    const payment = await r.paidPayment(`inv_${sub.id}_0`);

    const partial = await r.refund(payment.id, { amount: 3_000, reason: 'goodwill' });
    expect(partial.status).toBe(202);
    expect((await r.settled(partial.body.id)).status).toBe('succeeded');
    const tooMuch = await r.refund(payment.id, { amount: 7_001, reason: 'too much' });
    expect([tooMuch.status, tooMuch.body.error.code]).toEqual([422, 'refund_exceeds_captured']);
    const rest = await r.refund(payment.id, { reason: 'customer left' });
    expect(rest.body.amount).toBe(7_000);
    expect((await r.settled(rest.body.id)).status).toBe('succeeded');
    expect((await r.payment(payment.id)).refundedAmount).toBe(10_000);

    const ledger = operationsOf(await acquirer.ledger(), payment.invoiceId);
    expect(ledger.map((t) => [t.kind, t.status, t.amount])).toEqual([
      ['payment', 'captured', 10_000],
      ['refund', 'refunded', 3_000],
      ['refund', 'refunded', 7_000],
    ]);
    expect((await api.waitForStatus(user, sub.id, 'canceled')).cancelReason).toBe('refunded');
  });

  it('a renewal of a one-minute plan is captured exactly once, on the saved card, for the plan amount', async () => {
    const { user, sub } = minute.renewing;
    const renewal = await paidRenewal(user, sub.id, 'the renewal paid');
    expect(renewal).toMatchObject({ attempts: 1, periodStart: sub.currentPeriodEnd });
    const captures = capturesOf(await acquirer.ledger(), renewal.id);
    expect(captures.map((t) => [t.amount, t.savedCard])).toEqual([[MINUTE_PLAN_AMOUNT, await savedCardOf(sub.id)]]);
    expect(await api.subscription(user, sub.id)).toMatchObject({
      status: 'active',
      currentPeriodStart: renewal.periodStart,
    });
    // Stopped here, so no second renewal runs beside the later scenarios.
    expect((await api.call('POST', `/v1/subscriptions/${sub.id}/cancel`, user, { mode: 'immediately' })).status).toBe(
      200,
    );
  }, 100_000);

  it('dunning: a soft decline makes it past_due, the retry recovers it, the renewal is captured once after one decline', async () => {
    const { user, sub } = minute.soft;
    const renewal = await paidRenewal(user, sub.id, 'the renewal paid on retry');
    expect(renewal.attempts).toBe(2);
    expect(operationsOf(await acquirer.ledger(), renewal.id).map((t) => t.status)).toEqual(['declined', 'captured']);
    expect(await eventsOf(sub.id)).toEqual(expect.arrayContaining(['subscription.past_due', 'payment.failed']));
    const recovered = await api.subscription(user, sub.id);
    expect(recovered).toMatchObject({ status: 'active', pastDueSince: null, currentPeriodStart: sub.currentPeriodEnd });
    expect((await api.call('POST', `/v1/subscriptions/${sub.id}/cancel`, user, { mode: 'immediately' })).status).toBe(
      200,
    );
  }, 100_000);

  it('dunning: a hard decline is not retried; the subscription ends canceled (payment_failed), nothing captured', async () => {
    const { user, sub } = minute.hard;
    const ended = await api.waitForStatus(user, sub.id, 'canceled', 90_000);
    expect(ended.cancelReason).toBe('payment_failed');
    const renewal = await renewalOf(user, sub.id);
    expect(renewal).toMatchObject({ status: 'uncollectible', attempts: 1 });
    expect(operationsOf(await acquirer.ledger(), renewal.id).map((t) => t.status)).toEqual(['declined']);
    expect(await eventsOf(sub.id)).toEqual(expect.arrayContaining(['subscription.past_due', 'entitlement.revoked']));
  }, 100_000);

  it('reconciliation: a payment whose notifications were all lost is settled by a run; the next run finds the books in agreement', async () => {
    const run = async (): Promise<Json> => {
      const res = await api.call('POST', '/v1/admin/reconciliation/run', 'admin-ops');
      expect(res.status).toBe(202);
      return h.client.workflow.getHandle(res.body.workflowId).result();
    };
    const user = `user-${name}-reconciled-${Date.now()}`;
    await acquirer.setFaults({ dropNotificationRate: 1 });
    let subscriptionId = '';
    try {
      const created = await api.subscribe(user, { planId: 'monthly' });
      subscriptionId = created.body.subscription.id;
      const { invoiceId } = created.body.checkout;
      await acquirer.payLink(created.body.checkout, cards.success);
      await until('the acquirer to hold the payment', async () =>
        capturesOf(await acquirer.ledger(), invoiceId).length === 1 ? true : undefined,
      );
      expect((await api.subscription(user, subscriptionId)).status).toBe('pending_payment');
      expect((await run()).signalledPayments).toBeGreaterThanOrEqual(1);
      await api.waitForStatus(user, subscriptionId, 'active');
    } finally {
      await acquirer.clearFaults();
    }

    const again = await run();
    expect(again).toMatchObject({ discrepanciesFound: 0, settledPayments: 0, signalledPayments: 0 });
    expect(again.listedTransactions).toBeGreaterThan(0);
    const ledger = await acquirer.ledger();
    const books = acquirerBooks(ledger);
    expect(books).toEqual(await ourBooks(h.database.db));
    // The earlier scenarios left every kind of settled operation to agree on.
    const statuses = new Set(books.map((l) => l.split(' ')[2]));
    expect([...statuses].sort()).toEqual(['captured', 'declined', 'refunded', 'voided']);
    const invoices = [...new Set(ledger.map((t) => t.invoiceId))];
    for (const invoiceId of invoices)
      expect(capturesOf(ledger, invoiceId ?? '').length, invoiceId ?? '').toBeLessThanOrEqual(1);
  }, 60_000);
});
