// Issue 11, point 2: a signed `pay` that contradicts our books is looked up at the acquirer (by a workflow's
// activity, never by the API) before it changes anything, and believed only when the acquirer confirms it.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { invoices, payments } from '../../db/schema/index.js';
import { notificationLookupWorkflowId } from '../../workflows/workflow-ids.js';
import { CARDS, type Json, savedCards, until } from '../support/billing-client.js';
import { type Harness, startHarness } from '../support/harness.js';
import { body } from '../support/http.js';
import { inboxSettled } from '../support/inbox-settled.js';
import { notificationAttacks, payFields } from './support/notification-attacks.js';

describe('a pay that contradicts our books waits for the acquirer', () => {
  let h: Harness;
  let a: ReturnType<typeof notificationAttacks>;
  beforeAll(async () => {
    h = await startHarness({ RECONCILIATION_INTERVAL_SECONDS: '86400', CHECKOUT_TTL_SECONDS: '3600' });
    a = notificationAttacks(h);
  });
  afterEach(async () => {
    await a?.api.sandbox('/faults', {}).catch(() => {});
  });
  afterAll(async () => {
    await h?.close();
  });
  const paymentsOf = (invoiceId: string) =>
    h.database.db.select().from(payments).where(eq(payments.invoiceId, invoiceId));
  const unconfirmed = (transactionId: string) =>
    until(`the unconfirmed pay of ${transactionId} among the discrepancies`, async () =>
      (await a.discrepancies('unconfirmed_notification')).find((d: Json) => d.providerTransactionId === transactionId),
    );

  it('a pay for a transaction we recorded as declined is not believed when the acquirer says declined', async () => {
    const user = `user-declined-${randomUUID()}`;
    const checkout = await a.openCheckout(user);
    await a.api.payLink(checkout.paymentUrl, CARDS.insufficientFunds);
    const [declined] = await until('the declined payment to be recorded', async () => {
      const rows = await paymentsOf(checkout.invoiceId);
      return rows.some((r) => r.status === 'declined') ? rows : undefined;
    });
    const id = String(declined?.providerTransactionId);
    const signalsBefore = await a.paymentSignals(checkout.subscriptionId);

    const res = await a.signed('pay', payFields({ transactionId: id, invoiceId: checkout.invoiceId, accountId: user }));
    expect([res.status, await body(res)]).toEqual([200, { code: 0 }]);
    const found = await unconfirmed(id);
    expect([found.ours.reason, found.acquirer.outcome]).toEqual(['recorded_declined', 'declined']);
    expect(await a.paymentSignals(checkout.subscriptionId)).toBe(signalsBefore);
    expect((await paymentsOf(checkout.invoiceId)).map((r) => r.status)).toEqual(['declined']);
    expect((await a.api.subscription(user, checkout.subscriptionId)).status).toBe('pending_payment');
  });

  it('a pay echoing an attempt other than the open one is not believed when the acquirer has no such payment', async () => {
    const user = `user-other-attempt-${randomUUID()}`;
    const checkout = await a.openCheckout(user);
    const id = String(800_000_000 + Math.floor(Math.random() * 100_000_000));
    const fields = payFields({ transactionId: id, invoiceId: checkout.invoiceId, accountId: user });
    const res = await a.signed('pay', {
      ...fields,
      Data: JSON.stringify({ paymentId: `pay_${checkout.invoiceId}_3` }),
    });
    expect([res.status, await body(res)]).toEqual([200, { code: 0 }]);
    const found = await unconfirmed(id);
    expect([found.ours.reason, found.acquirer]).toEqual(['not_the_open_attempt', null]);
    expect(await a.paymentSignals(checkout.subscriptionId)).toBe(0);
    expect(await paymentsOf(checkout.invoiceId)).toEqual([]);
    expect((await a.api.subscription(user, checkout.subscriptionId)).status).toBe('pending_payment');
  });

  it('a pay for a transaction our books hold as declined is believed once the acquirer confirms it captured', async () => {
    // The acquirer captured the payment; its notification is held back while our books hold it as declined.
    await a.api.sandbox('/faults', { dropNotificationRate: 1 });
    const user = `user-confirmed-${randomUUID()}`;
    const checkout = await a.openCheckout(user);
    await a.api.payLink(checkout.paymentUrl, CARDS.success);
    const [tx] = (await a.api.ledger(checkout.invoiceId)).filter((t: Json) => t.Status === 'Completed');
    const id = String(tx.TransactionId);
    const held = await a.sent(id, 'pay');
    const row = `pay_${checkout.invoiceId}_1`;
    await h.database.db.insert(payments).values({
      id: row,
      invoiceId: checkout.invoiceId,
      subscriptionId: checkout.subscriptionId,
      userId: user,
      attempt: 1,
      idempotencyKey: `${checkout.invoiceId}:acquirer:${id}`,
      provider: 'cloudpayments',
      providerTransactionId: id,
      amount: 29_900,
      currency: 'RUB',
      status: 'declined',
      declineCode: '5051',
      declineReason: 'InsufficientFunds',
      declineClass: 'soft',
    });
    await h.database.db.update(invoices).set({ attempts: 1 }).where(eq(invoices.id, checkout.invoiceId));

    const res = await a.post('pay', held.body, held.headers);
    expect([res.status, await body(res)]).toEqual([200, { code: 0 }]);
    await inboxSettled(h.database.db);
    const lookup = h.client.workflow.getHandle(notificationLookupWorkflowId(checkout.invoiceId, id));
    expect(await lookup.result()).toEqual({ confirmed: true });
    await a.api.waitForStatus(user, checkout.subscriptionId, 'active');
    const rows = await paymentsOf(checkout.invoiceId);
    expect(rows.map((r) => [r.id, r.status, r.declineCode])).toEqual([[row, 'succeeded', null]]);
    expect((await savedCards(h, checkout.subscriptionId)).map((c) => c.id)).toEqual([`pm_${row}`]);
  });
});
