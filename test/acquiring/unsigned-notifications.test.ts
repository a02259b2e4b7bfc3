// Issue 13, point 1: a notification from an acquirer that does not sign is a hint. Nothing in its body is believed:
// a lookup at the acquirer (by a workflow's activity) decides, through HTTP on the real stack with the memory
// provider reporting its notifications as unsigned.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCloudPaymentsNotification } from '../../acquiring/cloudpayments/signature.js';
import { createMemoryProvider, type MemoryProvider } from '../../acquiring/memory/provider.js';
import type { NotificationRequest } from '../../acquiring/provider.js';
import { payments } from '../../db/schema/index.js';
import { unsignedNotificationLookupWorkflowId } from '../../workflows/workflow-ids.js';
import { refundClient } from '../refunds/refund-client.js';
import { billingClient, CARDS, type Json, savedCards, until } from '../support/billing-client.js';
import { type Harness, startHarness } from '../support/harness.js';

describe('unsigned notifications are confirmed by a lookup before anything changes', () => {
  let h: Harness;
  let memory: MemoryProvider;
  let api: ReturnType<typeof billingClient>;
  beforeAll(async () => {
    memory = createMemoryProvider({ notifications: 'unsigned' });
    h = await startHarness({ RECONCILIATION_INTERVAL_SECONDS: '86400' }, { provider: memory.provider });
    api = billingClient(h);
  });
  afterAll(async () => {
    await h?.close();
  });

  const post = (request: NotificationRequest) =>
    fetch(`${h.apiUrl}/webhooks/memory/${request.route}`, {
      method: 'POST',
      body: Buffer.from(request.rawBody),
      headers: Object.fromEntries(Object.entries(request.headers).filter((e): e is [string, string] => !!e[1])),
    });
  /** A body nobody signed, with whatever a forger writes in it. */
  const forged = (route: string, fields: Record<string, string | number>) => {
    const { body, headers } = encodeCloudPaymentsNotification(fields, 'not-the-acquirers-secret');
    return post({ route, rawBody: Buffer.from(body), headers });
  };
  const openCheckout = async (user: string) => {
    const created = await api.subscribe(user, { planId: 'monthly' });
    if (created.status !== 201) throw new Error(`subscribe failed: ${JSON.stringify(created.body)}`);
    return { subscriptionId: created.body.subscription.id as string, ...(created.body.checkout as Json) };
  };
  /** The discrepancy a lookup stored for an unconfirmed notification of that transaction (and action). */
  const unconfirmed = (transactionId: string, action = 'payment_captured') =>
    until(`the unconfirmed ${action} of ${transactionId}`, async () => {
      const found = await api.call(
        'GET',
        '/v1/admin/reconciliation/discrepancies?kind=unconfirmed_notification',
        'admin-ops',
      );
      return (found.body.items as Json[]).find(
        (d) => d.providerTransactionId === transactionId && d.ours.action === action,
      );
    });
  const paymentsOf = (invoiceId: string) =>
    h.database.db.select().from(payments).where(eq(payments.invoiceId, invoiceId));

  it("a genuine unsigned pay settles the checkout from the acquirer's record, and the card saved is the acquirer's", async () => {
    const user = `user-genuine-${randomUUID()}`;
    const checkout = await openCheckout(user);
    const paid = await memory.controls.payLink(checkout.paymentUrl, CARDS.success);
    const res = await post(memory.controls.notification('pay', paid.providerTransactionId ?? ''));
    expect([res.status, await res.json()]).toEqual([200, { code: 0 }]);
    await api.waitForStatus(user, checkout.subscriptionId, 'active');
    const [card] = await savedCards(h, checkout.subscriptionId);
    expect(card?.token).toBe(paid.token);
  });

  it('an unsigned pay whose body lies about the amount and the card changes only what the acquirer shows', async () => {
    const user = `user-lying-${randomUUID()}`;
    const checkout = await openCheckout(user);
    const paid = await memory.controls.payLink(checkout.paymentUrl, CARDS.success);
    const genuine = memory.controls.notification('pay', paid.providerTransactionId ?? '');
    const fields = Object.fromEntries(new URLSearchParams(Buffer.from(genuine.rawBody).toString()));
    const res = await forged('pay', { ...fields, Amount: '1.00', Token: 'tk_forged', CardLastFour: '0000' });
    expect(res.status).toBe(200);
    await api.waitForStatus(user, checkout.subscriptionId, 'active');
    const [card] = await savedCards(h, checkout.subscriptionId);
    expect([card?.token, card?.cardLastFour]).toEqual([paid.token, '3055']);
    const [invoice] = await api.invoices(user, checkout.subscriptionId);
    expect(paid.amount).toBe(invoice.amount);
    const rows = await paymentsOf(checkout.invoiceId);
    expect(rows.map((r) => [r.status, r.amount, r.providerTransactionId])).toEqual([
      ['succeeded', invoice.amount, paid.providerTransactionId],
    ]);
  });

  it('a forged pay for a transaction the acquirer declined, or for one it never had, changes nothing and is a discrepancy', async () => {
    const user = `user-forged-${randomUUID()}`;
    const checkout = await openCheckout(user);
    const declined = await memory.controls.payLink(checkout.paymentUrl, CARDS.insufficientFunds);
    expect(declined.outcome).toBe('declined');
    const claim = (transactionId: string) => ({
      TransactionId: transactionId,
      Amount: '299.00',
      Currency: 'RUB',
      InvoiceId: checkout.invoiceId,
      AccountId: user,
      Status: 'Completed',
      OperationType: 'Payment',
      AuthCode: 'A1B2C3',
      Token: 'tk_forged',
    });
    const id = declined.providerTransactionId ?? '';
    expect((await forged('pay', claim(id))).status).toBe(200);
    expect((await forged('pay', claim('mem_never'))).status).toBe(200);
    expect((await unconfirmed(id)).acquirer).toMatchObject({ outcome: 'declined' });
    expect((await unconfirmed('mem_never')).acquirer).toBeNull();
    expect((await api.subscription(user, checkout.subscriptionId)).status).toBe('pending_payment');
    expect(await paymentsOf(checkout.invoiceId)).toEqual([]);
    expect(await savedCards(h, checkout.subscriptionId)).toEqual([]);
  });

  it('a forged fail for a payment the acquirer took changes nothing', async () => {
    const user = `user-forged-fail-${randomUUID()}`;
    const checkout = await openCheckout(user);
    const paid = await memory.controls.payLink(checkout.paymentUrl, CARDS.success);
    await post(memory.controls.notification('pay', paid.providerTransactionId ?? ''));
    await api.waitForStatus(user, checkout.subscriptionId, 'active');
    const id = paid.providerTransactionId ?? '';
    const res = await forged('fail', {
      TransactionId: id,
      Amount: '299.00',
      Currency: 'RUB',
      InvoiceId: checkout.invoiceId,
      AccountId: user,
      ReasonCode: 5051,
      Reason: 'InsufficientFunds',
    });
    expect(res.status).toBe(200);
    expect((await unconfirmed(id, 'payment_declined')).acquirer).toMatchObject({ outcome: 'succeeded' });
    expect((await api.subscription(user, checkout.subscriptionId)).status).toBe('active');
    expect((await paymentsOf(checkout.invoiceId)).map((r) => r.status)).toEqual(['succeeded']);
  });

  it('unsigned refund notifications: a genuine one of a settled refund changes nothing more, a forged one is a discrepancy', async () => {
    const user = `user-refund-${randomUUID()}`;
    const checkout = await openCheckout(user);
    const paid = await memory.controls.payLink(checkout.paymentUrl, CARDS.success);
    await post(memory.controls.notification('pay', paid.providerTransactionId ?? ''));
    await api.waitForStatus(user, checkout.subscriptionId, 'active');
    const [payment] = await paymentsOf(checkout.invoiceId);
    const refunds = refundClient(h);
    const created = await refunds.refund(payment?.id ?? '', { amount: 1_000, reason: 'goodwill' });
    expect(created.status, JSON.stringify(created.body)).toBe(202);
    expect(await refunds.settled(created.body.id)).toMatchObject({ status: 'succeeded', amount: 1_000 });
    const refundTx = memory.controls
      .transactions()
      .find((t) => t.kind === 'refund' && t.originalId === paid.providerTransactionId);
    const genuine = await post(memory.controls.notification('refund', refundTx?.id ?? ''));
    expect(genuine.status).toBe(200);
    const forgedId = `mem_forged_${randomUUID()}`;
    const res = await forged('refund', {
      TransactionId: forgedId,
      PaymentTransactionId: paid.providerTransactionId ?? '',
      Amount: '50.00',
      InvoiceId: checkout.invoiceId,
      AccountId: user,
    });
    expect(res.status).toBe(200);
    expect((await unconfirmed(forgedId, 'refund_succeeded')).acquirer).toBeNull();
    const lookupId = unsignedNotificationLookupWorkflowId('memory', refundTx?.id ?? '', 'refund_succeeded');
    expect(await h.client.workflow.getHandle(lookupId).result()).toEqual({ confirmed: true });
    const [after] = await paymentsOf(checkout.invoiceId);
    expect(after?.refundedAmount).toBe(1_000);
    expect(await refunds.get(created.body.id)).toMatchObject({ status: 'succeeded', amount: 1_000 });
  });

  it("a forged notification that takes a transaction's key before the payment exists does not stop the genuine one", async () => {
    const user = `user-first-${randomUUID()}`;
    const checkout = await openCheckout(user);
    // The memory acquirer numbers transactions and tokens from one counter: the payment's id is one of the next few.
    // (Last in this file: the guesses leave discrepancies under ids later payments would get.)
    const taken = memory.controls.transactions().flatMap((t) => [t.id, t.token ?? '']);
    const highest = Math.max(0, ...taken.map((id) => Number(/(\d+)$/.exec(id)?.[1] ?? 0)));
    const guesses = [1, 2, 3].map((n) => `mem_${highest + n}`);
    for (const id of guesses) {
      const early = await forged('pay', {
        TransactionId: id,
        Amount: '1.00',
        Currency: 'RUB',
        InvoiceId: checkout.invoiceId,
        AccountId: user,
        Status: 'Completed',
        OperationType: 'Payment',
        AuthCode: 'A1B2C3',
      });
      expect(early.status).toBe(200);
      await unconfirmed(id);
    }
    const paid = await memory.controls.payLink(checkout.paymentUrl, CARDS.success);
    expect(guesses).toContain(paid.providerTransactionId);
    expect((await post(memory.controls.notification('pay', paid.providerTransactionId ?? ''))).status).toBe(200);
    await api.waitForStatus(user, checkout.subscriptionId, 'active');
  });
});
