// Issue 12, point 4: a charge whose answer was lost stays one attempt with one row. The acquirer's notification, or
// the checkout's lookup, that echoes our payment id settles that row; no second row appears and none stays `unknown`.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { payments } from '../../db/schema/index.js';
import { billingClient, CARDS, type Json } from '../support/billing-client.js';
import { type Harness, startHarness } from '../support/harness.js';

/** A card checkout whose charge reaches the acquirer but whose every answer is lost: our row is left `unknown`. */
async function lostAnswerCheckout(h: Harness) {
  const api = billingClient(h);
  await api.sandbox('/faults', { timeoutRate: 1, dropNotificationRate: 1 });
  const user = `user-lost-${randomUUID()}`;
  const created = await api.subscribe(user, {
    planId: 'monthly',
    payment: { method: 'card_cryptogram', cryptogram: await api.cryptogram(CARDS.success), ipAddress: '10.0.0.1' },
  });
  expect(created.status).toBe(201);
  const { invoiceId } = created.body.checkout;
  const rows = await h.database.db.select().from(payments).where(eq(payments.invoiceId, invoiceId));
  expect(rows.map((r) => [r.id, r.status])).toEqual([[`pay_${invoiceId}_1`, 'unknown']]);
  const [tx] = (await api.ledger(invoiceId)).filter((t: Json) => t.Status === 'Completed');
  expect(tx).toBeDefined();
  return { user, subscriptionId: created.body.subscription.id as string, invoiceId, transactionId: tx.TransactionId };
}

const rowsOf = async (h: Harness, invoiceId: string) =>
  (await h.database.db.select().from(payments).where(eq(payments.invoiceId, invoiceId))).map((r) => [
    r.id,
    r.status,
    r.providerTransactionId,
  ]);

describe('the pay notification of a charge whose answer was lost', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(
      { CHECKOUT_TTL_SECONDS: '3600', RECONCILIATION_INTERVAL_SECONDS: '86400' },
      { acquirerTimeoutMs: 2000 },
    );
  });
  afterEach(async () => {
    await billingClient(h)
      .sandbox('/faults', {})
      .catch(() => {});
  });
  afterAll(async () => {
    await h?.close();
  });

  it('settles that attempt: one row, succeeded, and nothing left unknown', async () => {
    const api = billingClient(h);
    const lost = await lostAnswerCheckout(h);
    // The acquirer's retried notification now gets through; it carries our payment id in its Data.
    await api.sandbox('/faults', {});
    await api.waitForStatus(lost.user, lost.subscriptionId, 'active');
    expect(await rowsOf(h, lost.invoiceId)).toEqual([
      [`pay_${lost.invoiceId}_1`, 'succeeded', String(lost.transactionId)],
    ]);
  }, 90_000);
});

describe("the checkout's deadline lookup of a charge whose answer was lost", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(
      { CHECKOUT_TTL_SECONDS: '20', RECONCILIATION_INTERVAL_SECONDS: '86400' },
      { acquirerTimeoutMs: 2000 },
    );
  });
  afterAll(async () => {
    await billingClient(h)
      .sandbox('/faults', {})
      .catch(() => {});
    await h?.close();
  });

  it('settles that attempt: one row, succeeded, and nothing left unknown', async () => {
    const api = billingClient(h);
    const lost = await lostAnswerCheckout(h);
    // The acquirer answers again, but its notification never arrives: only the lookup at the deadline can tell.
    await api.sandbox('/faults', { dropNotificationRate: 1 });
    await api.waitForStatus(lost.user, lost.subscriptionId, 'active', 60_000);
    expect(await rowsOf(h, lost.invoiceId)).toEqual([
      [`pay_${lost.invoiceId}_1`, 'succeeded', String(lost.transactionId)],
    ]);
  }, 120_000);
});
