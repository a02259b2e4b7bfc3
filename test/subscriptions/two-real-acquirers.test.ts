// Two real acquirers at once over their sandboxes, CloudPayments (the default at start) and YooKassa: a deploy that
// switches the default (a restart of the API and the worker with another ACQUIRER, against the same database,
// Temporal and task queue) sends new checkouts to the new default, while a subscription started on the old one keeps
// renewing where its card is.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refundClient } from '../refunds/refund-client.js';
import { cloudPaymentsDriver } from '../support/acquirer-drivers/cloudpayments.js';
import { capturesOf, paymentUrlOf } from '../support/acquirer-drivers/index.js';
import { yooKassaDriver } from '../support/acquirer-drivers/yookassa.js';
import { billingClient, createMinutePlan, type Json, until } from '../support/billing-client.js';
import { type Harness, startHarness } from '../support/harness.js';

describe('CloudPayments and YooKassa at once', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      ...(await yooKassaDriver.overrides()),
      ACQUIRER: 'cloudpayments',
      ACQUIRERS: 'cloudpayments,yookassa',
      RECONCILIATION_INTERVAL_SECONDS: '86400',
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('a subscription started on CloudPayments renews there after the default moves to YooKassa; a new checkout goes to YooKassa', async () => {
    const api = billingClient(h);
    const refunds = refundClient(h);
    const cloudpayments = cloudPaymentsDriver.controls(h);
    const yookassa = yooKassaDriver.controls(h);
    const planId = await createMinutePlan(h, { amount: 1000 });
    const paymentsOf = async (user: string, subscriptionId: string): Promise<Json[]> =>
      (await api.call('GET', `/v1/payments?subscriptionId=${subscriptionId}`, user)).body.items;

    const early = `user-cp-${randomUUID()}`;
    const first = await api.subscribe(early, { planId });
    expect(paymentUrlOf(first.body.checkout)).not.toContain('/yookassa/');
    await cloudpayments.payLink(first.body.checkout, cloudPaymentsDriver.cards.success);
    const subscription = await api.waitForStatus(early, first.body.subscription.id, 'active');

    await h.restart({ defaultAcquirer: 'yookassa' });

    const late = `user-yk-${randomUUID()}`;
    const second = await api.subscribe(late, { planId: 'monthly' });
    expect(second.status).toBe(201);
    expect(paymentUrlOf(second.body.checkout)).toContain('/yookassa/checkout/');
    await yookassa.payLink(second.body.checkout, yooKassaDriver.cards.success);
    // An unsigned notification goes through a lookup workflow before the subscription's; on a whole-suite run beside
    // the 1,000-subscription import it once took longer than the default 20 s here.
    await api.waitForStatus(late, second.body.subscription.id, 'active', 60_000);
    expect((await paymentsOf(late, second.body.subscription.id)).map((p) => [p.acquirer, p.status])).toEqual([
      ['yookassa', 'succeeded'],
    ]);

    const renewal = await until(
      'the renewal paid',
      async () => (await api.invoices(early, subscription.id)).find((i) => i.kind === 'renewal' && i.status === 'paid'),
      100_000,
    );
    expect(capturesOf(await cloudpayments.ledger(), renewal.id)).toHaveLength(1);
    expect(capturesOf(await yookassa.ledger(), renewal.id)).toHaveLength(0);
    const renewed = await refunds.paidPayment(renewal.id);
    expect(renewed.provider).toBe('cloudpayments');
    const [secondInvoice] = await api.invoices(late, second.body.subscription.id);
    expect(capturesOf(await yookassa.ledger(), secondInvoice?.id ?? '')).toHaveLength(1);
    expect(capturesOf(await cloudpayments.ledger(), secondInvoice?.id ?? '')).toHaveLength(0);
  }, 180_000);
});
