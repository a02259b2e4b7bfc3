// Issue 12, point 3: a voided hold (CloudPayments status `Cancelled`) took no money, so no lookup may count it as the
// invoice's payment: not the checkout's deadline lookup, not the stale-payment settlement of a reconciliation run.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoices, payments } from '../../db/schema/index.js';
import { billingClient, CARDS, type Json, until } from '../support/billing-client.js';
import { type Harness, startHarness } from '../support/harness.js';
import { body } from '../support/http.js';

/** Someone authorises a hold on our invoice at the acquirer (two-stage) and voids it: the ledger shows it Cancelled. */
async function voidedHold(
  h: Harness,
  hold: { invoiceId: string; userId: string; paymentId?: string | undefined },
): Promise<string> {
  const api = billingClient(h);
  const [invoice] = await h.database.db.select().from(invoices).where(eq(invoices.id, hold.invoiceId));
  const auth = Buffer.from(`${h.config.sandbox.publicId}:${h.config.sandbox.apiSecret}`).toString('base64');
  const post = async (path: string, fields: Json) => {
    const res = await fetch(`${h.sandboxUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Basic ${auth}`, 'content-type': 'application/json' },
      body: JSON.stringify(fields),
    });
    return body(res);
  };
  const authorised = await post('/payments/cards/auth', {
    Amount: Number(invoice?.amount) / 100,
    Currency: invoice?.currency,
    InvoiceId: hold.invoiceId,
    AccountId: hold.userId,
    IpAddress: '10.0.0.1',
    CardCryptogramPacket: await api.cryptogram(CARDS.success),
    ...(hold.paymentId ? { JsonData: { paymentId: hold.paymentId } } : {}),
  });
  expect(authorised.Model?.Status).toBe('Authorized');
  const transactionId = authorised.Model.TransactionId;
  expect((await post('/payments/void', { TransactionId: transactionId })).Success).toBe(true);
  const [tx] = await api.ledger(hold.invoiceId);
  expect([tx?.TransactionId, tx?.Status]).toEqual([transactionId, 'Cancelled']);
  return String(transactionId);
}

const paymentsOf = (h: Harness, invoiceId: string) =>
  h.database.db.select().from(payments).where(eq(payments.invoiceId, invoiceId));

describe('a checkout whose only transaction is a voided hold', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ CHECKOUT_TTL_SECONDS: '12', RECONCILIATION_INTERVAL_SECONDS: '86400' });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('expires at its deadline: the lookup does not take the Cancelled hold for the payment', async () => {
    const api = billingClient(h);
    // The hold's own notifications (pay while authorised, then cancel) never arrive: only the lookup can decide.
    await api.sandbox('/faults', { dropNotificationRate: 1 });
    const user = `user-voided-${randomUUID()}`;
    const created = await api.subscribe(user, { planId: 'monthly' });
    expect(created.status).toBe(201);
    const { invoiceId } = created.body.checkout;
    await voidedHold(h, { invoiceId, userId: user });

    await api.waitForStatus(user, created.body.subscription.id, 'expired', 40_000);
    const [invoice] = await h.database.db.select().from(invoices).where(eq(invoices.id, invoiceId));
    expect(invoice?.status).toBe('void');
    expect((await paymentsOf(h, invoiceId)).filter((p) => p.status === 'succeeded')).toEqual([]);
  }, 60_000);
});

describe('a stale attempt whose transaction the acquirer shows voided', () => {
  let h: Harness;
  let api: ReturnType<typeof billingClient>;
  beforeAll(async () => {
    h = await startHarness({
      CHECKOUT_TTL_SECONDS: '3600',
      RECONCILIATION_INTERVAL_SECONDS: '86400',
      RECONCILIATION_STALE_AFTER_SECONDS: '1',
    });
    api = billingClient(h);
  });
  afterAll(async () => {
    await api?.sandbox('/faults', {}).catch(() => {});
    await h?.close();
  });

  it('is settled canceled by a run, never succeeded, and its late pay notification is not believed', async () => {
    await api.sandbox('/faults', { dropNotificationRate: 1 });
    const user = `user-stale-voided-${randomUUID()}`;
    const created = await api.subscribe(user, { planId: 'monthly' });
    expect(created.status).toBe(201);
    const subscriptionId = created.body.subscription.id;
    const { invoiceId } = created.body.checkout;
    const [invoice] = await h.database.db.select().from(invoices).where(eq(invoices.id, invoiceId));
    const paymentId = `pay_${invoiceId}_1`;
    const transactionId = await voidedHold(h, { invoiceId, userId: user, paymentId });
    // Our books: that attempt was sent and its answer lost an hour ago.
    await h.database.db.insert(payments).values({
      id: paymentId,
      invoiceId,
      subscriptionId,
      userId: user,
      attempt: 1,
      idempotencyKey: `${invoiceId}:1`,
      provider: h.provider.name,
      amount: Number(invoice?.amount),
      currency: String(invoice?.currency),
      status: 'unknown',
      createdAt: new Date(Date.now() - 3_600_000),
    });

    const res = await api.call('POST', '/v1/admin/reconciliation/run', 'admin-ops');
    expect(res.status).toBe(202);
    const summary = await h.client.workflow.getHandle(res.body.workflowId).result();
    expect(summary.signalledPayments).toBe(0);
    const rows = await paymentsOf(h, invoiceId);
    expect(rows.map((r) => [r.id, r.status, r.providerTransactionId])).toEqual([
      [paymentId, 'canceled', transactionId],
    ]);
    // The same run compared the window with the acquirer: a voided hold and a canceled row agree.
    const found = await api.call('GET', '/v1/admin/reconciliation/discrepancies?resolved=false', 'admin-ops');
    expect(found.body.items.filter((d: Json) => d.providerTransactionId === transactionId)).toEqual([]);
    expect((await api.subscription(user, subscriptionId)).status).toBe('pending_payment');

    // The hold's pay notification (sent while it was authorised) arrives late: the acquirer is asked, and says void.
    await api.sandbox('/faults', {});
    await until('the late pay to be judged unconfirmed', async () => {
      const listed = await api.call(
        'GET',
        '/v1/admin/reconciliation/discrepancies?kind=unconfirmed_notification',
        'admin-ops',
      );
      return listed.body.items.find((d: Json) => d.providerTransactionId === transactionId);
    });
    expect((await api.subscription(user, subscriptionId)).status).toBe('pending_payment');
    expect((await paymentsOf(h, invoiceId)).map((r) => r.status)).toEqual(['canceled']);
  }, 90_000);
});
