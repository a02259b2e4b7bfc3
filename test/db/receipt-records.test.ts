import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attemptReceipt, invoiceReceipt, type ReceiptDeps, refundReceiptOf } from '../../activities/receipt-records.js';
import { type DbHandle, openDb } from '../../db/create-db.js';
import { invoices, payments, plans, refunds, subscriptionContacts, subscriptions } from '../../db/schema/index.js';
import { subscriptionContactStore } from '../../db/subscription-contacts.js';

// The rows a receipt is built from (invoice, plan, contact) and the receipt kept on the payment and the refund.
const dataDir = mkdtempSync(join(tmpdir(), 'billing-receipts-'));
let handle: DbHandle;
let deps: ReceiptDeps;

const period = { periodStart: new Date('2026-12-03T00:00:00Z'), periodEnd: new Date('2027-01-03T00:00:00Z') };

async function subscription(id: string, contact?: { email?: string; phone?: string }) {
  const { db } = handle;
  await db.insert(subscriptions).values({ id, userId: `u_${id}`, planId: 'basic', status: 'active' });
  if (contact) await subscriptionContactStore(db).keep(id, contact);
  const invoice = (kind: 'initial' | 'renewal' | 'proration' | 'card_check', amount: number) => ({
    id: `inv_${id}_${kind}`,
    subscriptionId: id,
    kind,
    amount,
    currency: 'RUB',
    ...period,
  });
  await db.insert(invoices).values([invoice('initial', 29900), invoice('proration', 5000), invoice('card_check', 100)]);
  const [payment] = await db
    .insert(payments)
    .values({
      id: `pay_${id}`,
      invoiceId: `inv_${id}_initial`,
      subscriptionId: id,
      userId: `u_${id}`,
      attempt: 1,
      idempotencyKey: `key_${id}`,
      provider: 'cloudpayments',
      amount: 29900,
      currency: 'RUB',
      status: 'succeeded',
    })
    .returning();
  if (!payment) throw new Error('no payment row');
  return payment;
}

beforeAll(async () => {
  handle = await openDb({ url: undefined, dataDir });
  deps = { db: handle.db, receipts: { vat: '20', subject: 'service', mode: 'full_payment' } };
  await handle.db.insert(plans).values([
    { id: 'basic', name: 'Basic', amount: 29900, currency: 'RUB', periodUnit: 'month', periodCount: 1 },
    { id: 'premium', name: 'Premium', amount: 59900, currency: 'RUB', periodUnit: 'month', periodCount: 1 },
  ]);
});
afterAll(async () => {
  await handle?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('receipts from the rows', () => {
  it('an invoice: the subscription’s plan, or the plan named (a proration’s new one), to the kept contact', async () => {
    await subscription('s1', { email: 'one@example.test' });
    expect(await invoiceReceipt(deps, 'inv_s1_initial')).toMatchObject({
      kind: 'income',
      customer: { email: 'one@example.test' },
      items: [{ description: expect.stringMatching(/^Subscription "Basic", 1 month, /), amount: 29900, vat: '20' }],
    });
    expect((await invoiceReceipt(deps, 'inv_s1_proration', 'premium'))?.items[0]?.description).toMatch(
      /^Plan change to "Premium", proration /,
    );
    expect(await invoiceReceipt(deps, 'inv_s1_card_check')).toBe(undefined);
  });

  it('none for a subscription without a contact (started before receipts), so it keeps renewing', async () => {
    const payment = await subscription('s2');
    expect(await invoiceReceipt(deps, 'inv_s2_initial')).toBe(undefined);
    expect(await attemptReceipt(deps, payment)).toBe(undefined);
  });

  it('an attempt keeps the receipt it was first sent with: a retry sends the same, even if the contact changed', async () => {
    const payment = await subscription('s3', { email: 'before@example.test' });
    const first = await attemptReceipt(deps, payment);
    await subscriptionContactStore(handle.db).keep('s3', { email: 'after@example.test' });
    const [stored] = await handle.db.select().from(payments).where(eq(payments.id, payment.id));
    if (!stored) throw new Error('no payment row');
    expect(stored.receipt).toEqual(first);
    expect(await attemptReceipt(deps, stored)).toEqual(first);
    expect(first?.customer).toEqual({ email: 'before@example.test' });
  });

  it('a refund: the payment’s line at the refunded amount, kept on the refund', async () => {
    const payment = await subscription('s4', { phone: '79001234567' });
    const paid = await attemptReceipt(deps, payment);
    const [withReceipt] = await handle.db.select().from(payments).where(eq(payments.id, payment.id));
    const [refund] = await handle.db
      .insert(refunds)
      .values({
        id: 'ref_s4',
        paymentId: payment.id,
        amount: 10000,
        currency: 'RUB',
        reason: 'goodwill',
        idempotencyKey: 'ref_s4',
        requestedBy: 'op',
      })
      .returning();
    if (!refund || !withReceipt || !paid) throw new Error('missing rows');
    const returned = await refundReceiptOf(deps, refund, withReceipt);
    expect(returned).toEqual({ ...paid, kind: 'income_return', items: [{ ...paid.items[0], amount: 10000 }] });
    const [kept] = await handle.db.select().from(refunds).where(eq(refunds.id, 'ref_s4'));
    expect(kept?.receipt).toEqual(returned);
  });

  it('a contact row needs an e-mail or a phone', async () => {
    await expect(
      handle.db.insert(subscriptionContacts).values({ subscriptionId: 's5', email: null, phone: null }),
    ).rejects.toThrow();
  });
});
