// Issue 12 point 5: one invoice is captured once. The acquirer's `check` refuses a second payment while another is
// held or under way; a second capture that happens anyway (Check switched off at the acquirer) is given back by
// billing itself, once, through the refund saga — never the first capture.
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, eventOutbox, invoices, payments, refunds } from '../../db/schema/index.js';
import { activeSubscription, billingClient, CARDS, type Json, until } from '../support/billing-client.js';
import { type Harness, startHarness } from '../support/harness.js';
import { body } from '../support/http.js';
import { expectInvariants } from '../support/invariants.js';

describe('one invoice, one capture', () => {
  let h: Harness;
  let api: ReturnType<typeof billingClient>;
  beforeAll(async () => {
    h = await startHarness({
      RECONCILIATION_INTERVAL_SECONDS: '86400',
      // Every operator refund would wait for a second operator: a duplicate's refund must not.
      REFUND_APPROVAL_THRESHOLD: '0',
    });
    api = billingClient(h);
  });
  afterEach(async () => {
    await api?.sandbox('/faults', {}).catch(() => {});
  });
  afterAll(async () => {
    await h?.close();
  });

  const amountOf = async (invoiceId: string) =>
    (await h.database.db.select().from(invoices).where(eq(invoices.id, invoiceId)))[0]?.amount ?? 0;

  /** A payment made straight at the acquirer for one of our invoices, as a second tab or a replayed form would. */
  const payAtAcquirer = async (invoiceId: string, accountId: string) => {
    const auth = Buffer.from(`${h.config.sandbox.publicId}:${h.config.sandbox.apiSecret}`).toString('base64');
    const res = await fetch(`${h.sandboxUrl}/payments/cards/charge`, {
      method: 'POST',
      headers: { authorization: `Basic ${auth}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        Amount: (await amountOf(invoiceId)) / 100,
        Currency: 'RUB',
        InvoiceId: invoiceId,
        AccountId: accountId,
        IpAddress: '10.0.0.2',
        CardCryptogramPacket: await api.cryptogram(CARDS.otherSuccess),
      }),
    });
    return (await body(res)) as Json;
  };
  const captures = async (invoiceId: string) =>
    (await api.ledger(invoiceId)).filter((t: Json) => t.Kind === 'payment' && t.Status === 'Completed');
  const run = async (): Promise<Json> => {
    const res = await api.call('POST', '/v1/admin/reconciliation/run', 'admin-ops');
    expect(res.status).toBe(202);
    return h.client.workflow.getHandle(res.body.workflowId).result();
  };

  it('check refuses a second payment while a 3-D Secure one is in flight and once the invoice is paid; the first completes', async () => {
    const user = `user-twice-${randomUUID()}`;
    const payment = {
      method: 'card_cryptogram',
      cryptogram: await api.cryptogram(CARDS.success3ds),
      ipAddress: '10.0.0.1',
    };
    const created = await api.subscribe(user, { planId: 'monthly', payment });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const { subscription, checkout } = created.body;
    expect(checkout.status).toBe('requires_action');
    const [inFlight] = await h.database.db.select().from(payments).where(eq(payments.invoiceId, checkout.invoiceId));
    expect([inFlight?.status, inFlight?.providerTransactionId]).toEqual(['requires_action', checkout.threeDs.md]);

    const whileInFlight = await payAtAcquirer(checkout.invoiceId, user);
    expect([whileInFlight.Success, whileInFlight.Model?.ReasonCode]).toEqual([false, 3008]);
    expect(await captures(checkout.invoiceId)).toEqual([]);

    // The payment in flight is not "another" payment to itself: its own check after 3-D Secure is accepted.
    const paRes = (await api.sandbox(`/3ds/${checkout.threeDs.md}`, { result: 'success' })).paRes as string;
    const returned = await fetch(checkout.threeDs.termUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ MD: checkout.threeDs.md, PaRes: paRes }),
      redirect: 'manual',
    });
    expect(returned.status, await returned.text()).toBe(200);
    await api.waitForStatus(user, subscription.id, 'active');

    const afterPaid = await payAtAcquirer(checkout.invoiceId, user);
    expect([afterPaid.Success, afterPaid.Model?.ReasonCode]).toEqual([false, 3008]);
    expect((await captures(checkout.invoiceId)).map((t: Json) => String(t.TransactionId))).toEqual([
      checkout.threeDs.md,
    ]);
    await expectInvariants(h, subscription.id);
  }, 60_000);

  it('a second capture that slips through is refunded once by billing after reconciliation, audited and announced; the first is untouched', async () => {
    const user = `user-dup-${randomUUID()}`;
    const sub = await activeSubscription(h, user, 'monthly');
    const invoiceId = `inv_${sub.id}_0`;
    const [first] = await captures(invoiceId);
    await api.sandbox('/faults', { checkDisabled: true });
    const second = await payAtAcquirer(invoiceId, user);
    await api.sandbox('/faults', {});
    expect(second.Success, JSON.stringify(second)).toBe(true);
    const duplicateTx = String(second.Model.TransactionId);
    expect((await captures(invoiceId)).length).toBe(2);

    const firstRun = await run();
    expect(firstRun.duplicateRefundsStarted).toBe(1);
    const refundOfDuplicate = await until('the duplicate to be refunded at the acquirer', async () => {
      const found = (await api.ledger(invoiceId)).filter((t: Json) => t.Kind === 'refund');
      return found.length > 0 ? found : undefined;
    });
    const refundId = `dup_${duplicateTx}`;
    await until('the refund to be recorded succeeded', async () => {
      const [row] = await h.database.db.select().from(refunds).where(eq(refunds.id, refundId));
      return row?.status === 'succeeded' ? row : undefined;
    });
    const discrepancy = await until('the finding to be resolved by the refund', async () => {
      const listed = await api.call('GET', '/v1/admin/reconciliation/discrepancies?kind=duplicate_charge', 'admin-ops');
      const mine = (listed.body.items as Json[]).find((d) => d.providerTransactionId === duplicateTx);
      return mine?.resolved ? mine : undefined;
    });
    expect(discrepancy).toMatchObject({
      invoiceId,
      refundId,
      acquirer: { firstCaptureTransactionId: String(first.TransactionId) },
    });

    const secondRun = await run();
    expect(secondRun.duplicateRefundsStarted).toBe(0);

    // Ground truth: one refund, of the duplicate, in full; the first capture untouched.
    const ledger = await api.ledger(invoiceId);
    const ledgerRefunds = ledger.filter((t: Json) => t.Kind === 'refund');
    expect(ledgerRefunds.map((t: Json) => [t.OriginalTransactionId, t.Amount])).toEqual([
      [Number(duplicateTx), second.Model.Amount],
    ]);
    expect(refundOfDuplicate).toHaveLength(1);
    const original = ledger.find((t: Json) => t.TransactionId === first.TransactionId);
    expect(original.Refunded).toBe(false);

    const rows = await h.database.db
      .select({ refund: refunds, payment: payments })
      .from(refunds)
      .innerJoin(payments, eq(refunds.paymentId, payments.id))
      .where(eq(payments.invoiceId, invoiceId));
    expect(
      rows.map((r) => [r.refund.id, r.refund.status, r.refund.requestedBy, r.payment.providerTransactionId]),
    ).toEqual([[refundId, 'succeeded', 'system:reconciliation', duplicateTx]]);
    const audit = await h.database.db.select().from(auditLog).where(eq(auditLog.entityId, discrepancy.id));
    expect(audit.map((a) => [a.actor, a.action])).toEqual([['system:reconciliation', 'discrepancy.resolved']]);
    const events = await h.database.db
      .select()
      .from(eventOutbox)
      .where(and(eq(eventOutbox.subscriptionId, sub.id), eq(eventOutbox.type, 'payment.duplicate_refunded')));
    expect(events.map((e) => e.data)).toEqual([
      expect.objectContaining({
        refundId,
        invoiceId,
        providerTransactionId: duplicateTx,
        amount: await amountOf(invoiceId),
      }),
    ]);
    // The invoice stays paid by its first capture: the subscription goes on.
    expect((await api.subscription(user, sub.id)).status).toBe('active');
  }, 90_000);
});
