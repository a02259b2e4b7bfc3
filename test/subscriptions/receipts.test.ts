import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { refundClient } from '../refunds/refund-client.js';
import { billingClient, CARDS, createPlan, type Json, until } from '../support/billing-client.js';
import { type Harness, startHarness } from '../support/harness.js';
import { invariantsOfEachTest } from '../support/invariants.js';

// Fiscal receipts (54-FZ) over the whole stack on CloudPayments-over-sandbox: what the sandbox received with each
// operation (its ledger) and what the API shows for the payment and the refund.
describe('fiscal receipts for a subscription paid, renewed and refunded', () => {
  let h: Harness;
  afterEach(invariantsOfEachTest(() => h));
  beforeAll(async () => {
    h = await startHarness({ RECEIPT_VAT: '20/120', RECEIPT_TAX_SYSTEM: '1' });
  });
  afterAll(async () => {
    await h?.close();
  });

  const customer = { email: 'viewer@example.test', phone: '+79001234567' };
  const sentLine = (label: string, rubles: number) => ({
    label,
    price: rubles,
    quantity: 1,
    amount: rubles,
    vat: 120,
    method: 4,
    object: 4,
  });
  const ours = (kind: string, description: string, amount: number) => ({
    kind,
    customer: { email: 'viewer@example.test', phone: '79001234567' },
    items: [
      { description, quantity: 1, amount, currency: 'RUB', vat: '20/120', subject: 'service', mode: 'full_payment' },
    ],
    taxSystem: 1,
  });
  const total = (receipt: Json) => receipt.items.reduce((s: number, i: Json) => s + i.amount * i.quantity, 0);

  it('each payment and the refund carry their receipt: plan line, VAT, contact, kind, amounts adding up', async () => {
    const api = billingClient(h);
    const refunds = refundClient(h);
    const plan = await api.call('POST', '/v1/plans', 'admin-receipts', {
      // No timestamp: 13 digits pass the Luhn check one time in ten, and the API refuses what looks like a card number.
      id: `receipts-${randomUUID().slice(0, 8)}`,
      name: 'Minute Cinema',
      amount: 1000,
      currency: 'RUB',
      period: { unit: 'minute', count: 1 },
      dunningScheduleSeconds: [10, 20, 30],
    });
    expect(plan.status, JSON.stringify(plan.body)).toBe(201);
    const user = `user-receipts-${Date.now()}`;
    const created = await api.subscribe(user, { planId: plan.body.id, customer });
    expect(created.status).toBe(201);
    await api.payLink(created.body.checkout.paymentUrl, '4242424242424242');
    const first = await api.waitForStatus(user, created.body.subscription.id, 'active');

    // The checkout: paid on the hosted page, whose order carried the receipt.
    const [initial] = await api.invoices(user, first.id);
    const initialLine = `Subscription "Minute Cinema", 1 minute, ${initial.periodStart.slice(0, 10)} to ${initial.periodEnd.slice(0, 10)}`;
    const [paidInitially] = (await api.ledger(initial.id)).filter((t) => t.Status === 'Completed');
    expect(paidInitially.Receipt).toEqual({
      Items: [sentLine(initialLine, 10)],
      email: 'viewer@example.test',
      phone: '+79001234567',
      taxationSystem: 1,
    });
    expect(paidInitially.ReceiptProblem).toBe(null);
    const initialPayment = await until('the initial payment shows its receipt', async () => {
      const items = (await api.call('GET', `/v1/payments?subscriptionId=${first.id}`, user)).body.items as Json[];
      return items.find((p) => p.invoiceId === initial.id && p.status === 'succeeded' && p.receipt);
    });
    expect(initialPayment.receipt).toEqual(ours('income', initialLine, 1000));

    // The renewal: a merchant-initiated token charge with its own period on the line.
    const renewal = await until(
      'the renewal invoice paid',
      async () => (await api.invoices(user, first.id)).find((i) => i.kind === 'renewal' && i.status === 'paid'),
      100_000,
    );
    const renewalLine = `Subscription "Minute Cinema", 1 minute, ${renewal.periodStart.slice(0, 10)} to ${renewal.periodEnd.slice(0, 10)}`;
    const [charged] = (await api.ledger(renewal.id)).filter((t) => t.Status === 'Completed' && t.Type === 0);
    expect(charged.Receipt).toEqual({
      Items: [sentLine(renewalLine, 10)],
      email: 'viewer@example.test',
      phone: '+79001234567',
      taxationSystem: 1,
    });
    expect(charged.ReceiptProblem).toBe(null);
    const renewalPayment = await refunds.paidPayment(renewal.id);
    const shown = (await api.call('GET', `/v1/payments/${renewalPayment.id}`, user)).body;
    expect(shown.receipt).toEqual(ours('income', renewalLine, 1000));
    expect(total(shown.receipt)).toBe(shown.amount);

    // A partial refund of the renewal: the plan's line returned at the refunded amount.
    const asked = await refunds.refund(renewalPayment.id, { amount: 400, reason: 'goodwill' });
    expect(asked.status).toBe(202);
    const refund = await refunds.settled(asked.body.id);
    expect(refund.status).toBe('succeeded');
    expect(refund.receipt).toEqual(ours('income_return', renewalLine, 400));
    const [returned] = await refunds.ledgerRefunds(renewal.id);
    expect(returned.Receipt).toEqual({
      Items: [sentLine(renewalLine, 4)],
      email: 'viewer@example.test',
      phone: '+79001234567',
      taxationSystem: 1,
    });
    expect(returned.ReceiptProblem).toBe(null);
    // The payment's own receipt is unchanged by the refund.
    expect((await refunds.payment(renewalPayment.id)).receipt).toEqual(ours('income', renewalLine, 1000));
  }, 150_000);

  it('a card checkout takes the phone from the token; an upgrade’s proration is one line naming the new plan', async () => {
    const api = billingClient(h);
    const basic = await createPlan(h, { amount: 6000 });
    const premium = await createPlan(h, { amount: 12_000 });
    const user = `user-receipts-card-${Date.now()}`;
    const token = await h.token(user, { email: null, phone: '+7 900 111-22-33' });
    const res = await fetch(`${h.apiUrl}/v1/subscriptions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': user },
      body: JSON.stringify({
        planId: basic,
        payment: { method: 'card_cryptogram', cryptogram: await api.cryptogram(CARDS.success), ipAddress: '127.0.0.1' },
      }),
    });
    const created = (await res.json()) as Json;
    expect(created.checkout.status).toBe('succeeded');
    const sub = await api.waitForStatus(user, created.subscription.id, 'active');
    const [initial] = await api.invoices(user, sub.id);
    const [charged] = (await api.ledger(initial.id)).filter((t) => t.Status === 'Completed');
    expect(charged.Receipt).toMatchObject({ phone: '+79001112233', taxationSystem: 1 });
    expect(charged.Receipt).not.toHaveProperty('email');
    expect(charged.Receipt.Items).toEqual([expect.objectContaining({ price: 60, amount: 60, vat: 120 })]);
    expect(charged.ReceiptProblem).toBe(null);

    const upgraded = await api.call('POST', `/v1/subscriptions/${sub.id}/change-plan`, user, { planId: premium });
    expect(upgraded.status).toBe(200);
    const proration = upgraded.body.invoice;
    expect(proration).toMatchObject({ kind: 'proration', status: 'paid' });
    const payment = await refundClient(h).paidPayment(proration.id);
    const shown = (await api.call('GET', `/v1/payments/${payment.id}`, user)).body;
    expect(shown.receipt.customer).toEqual({ phone: '79001112233' });
    expect(shown.receipt.items).toHaveLength(1);
    expect(shown.receipt.items[0].description).toMatch(
      new RegExp(`^Plan change to "Every 1 month ${premium}", proration `),
    );
    expect(total(shown.receipt)).toBe(proration.amount);
    const [prorated] = (await api.ledger(proration.id)).filter((t) => t.Status === 'Completed');
    expect(prorated.Receipt.Items).toEqual([
      expect.objectContaining({ label: shown.receipt.items[0].description, amount: proration.amount / 100 }),
    ]);
    expect(prorated.ReceiptProblem).toBe(null);
  });
});
