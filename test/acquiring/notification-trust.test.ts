// Issue 11, point 2 (and 9): what a signed acquirer notification may change, through HTTP on the real stack.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { encodeCloudPaymentsNotification } from '../../acquiring/cloudpayments/signature.js';
import { payments, webhookInbox } from '../../db/schema/index.js';
import { activeSubscription, CARDS, type Json, savedCards, until } from '../support/billing-client.js';
import { type Harness, startHarness } from '../support/harness.js';
import { body } from '../support/http.js';
import { invariantsOfEachTest } from '../support/invariants.js';
import { notificationAttacks, payFields } from './support/notification-attacks.js';

describe('acquirer notifications are believed only for what they prove', () => {
  let h: Harness;
  let a: ReturnType<typeof notificationAttacks>;
  afterEach(invariantsOfEachTest(() => h));
  beforeAll(async () => {
    h = await startHarness({ RECONCILIATION_INTERVAL_SECONDS: '86400' });
    a = notificationAttacks(h);
  });
  afterAll(async () => {
    await h?.close();
  });
  const newTransactionId = () => 700_000_000 + Math.floor(Math.random() * 100_000_000);

  it('a payer whose card was declined replays the signed check body to /pay: refused, nothing stored or signalled', async () => {
    const user = `user-replay-${randomUUID()}`;
    const checkout = await a.openCheckout(user);
    await a.api.payLink(checkout.paymentUrl, CARDS.insufficientFunds);
    const [tx] = await until('the declined transaction', async () => {
      const ledger = await a.api.ledger(checkout.invoiceId);
      return ledger.length > 0 ? ledger : undefined;
    });
    const id = String(tx.TransactionId);
    const check = await a.sent(id, 'check');
    const fail = await until('the fail notification to be delivered', async () => {
      const sent = await a.sent(id, 'fail');
      return sent.delivered ? sent : undefined;
    });
    const signalsBefore = await a.paymentSignals(checkout.subscriptionId);

    const asPay = await a.post('pay', check.body, check.headers);
    expect([asPay.status, (await body(asPay)).error?.code]).toEqual([400, 'notification_kind_mismatch']);
    const failAsPay = await a.post('pay', fail.body, fail.headers);
    expect(failAsPay.status).toBe(400);
    expect(await a.inboxRows('pay', id)).toEqual([]);
    expect(await a.paymentSignals(checkout.subscriptionId)).toBe(signalsBefore);
    expect((await a.api.subscription(user, checkout.subscriptionId)).status).toBe('pending_payment');
  });

  it('ambiguous signature headers are refused: a second header that does not verify, a header sent twice, X-Content-HMAC alone over a body whose decoding moves field boundaries', async () => {
    const user = `user-headers-${randomUUID()}`;
    const checkout = await a.openCheckout(user);
    const fields = {
      ...payFields({ transactionId: newTransactionId(), invoiceId: checkout.invoiceId, accountId: user }),
    };
    const { body: form, headers } = encodeCloudPaymentsNotification(fields, h.config.sandbox.apiSecret);
    const wrongSecond = { ...headers, 'x-content-hmac': Buffer.alloc(32).toString('base64') };
    const twice = new Headers(headers);
    twice.append('x-content-hmac', headers['x-content-hmac']);
    const ambiguous = encodeCloudPaymentsNotification(
      { ...fields, Description: 'a&Amount=1.00' },
      h.config.sandbox.apiSecret,
    );
    const { 'content-hmac': _dropped, ...decodedOnly } = ambiguous.headers;
    for (const [what, res] of [
      ['second header wrong', await a.post('pay', form, wrongSecond)],
      ['header twice', await a.post('pay', form, twice)],
      ['X-Content-HMAC alone, ambiguous', await a.post('pay', ambiguous.body, decodedOnly)],
    ] as const) {
      expect([what, res.status, (await body(res)).error?.code]).toEqual([what, 401, 'invalid_signature']);
    }
    expect(await a.inboxRows('pay', String(fields.TransactionId))).toEqual([]);
    expect(await a.paymentSignals(checkout.subscriptionId)).toBe(0);
    // The same notification with its two headers as CloudPayments sends them is taken.
    expect((await a.post('pay', form, headers)).status).toBe(200);
    await a.api.waitForStatus(user, checkout.subscriptionId, 'active');
  });

  it('a pay whose amount, currency, account or invoice is not our invoice is a discrepancy, acknowledged, and changes nothing', async () => {
    const user = `user-mismatch-${randomUUID()}`;
    const checkout = await a.openCheckout(user);
    const ours = () => payFields({ transactionId: newTransactionId(), invoiceId: checkout.invoiceId, accountId: user });
    const cases = {
      wrong_amount: { ...ours(), Amount: '1.00' },
      wrong_currency: { ...ours(), Currency: 'USD' },
      wrong_account: { ...ours(), AccountId: 'someone-else' },
      wrong_invoice: { ...ours(), Data: JSON.stringify({ paymentId: `pay_inv_${randomUUID()}_0` }) },
      unknown_invoice: { ...ours(), InvoiceId: `inv_${randomUUID()}` },
    };
    for (const fields of Object.values(cases)) {
      const res = await a.signed('pay', fields);
      expect([res.status, await body(res)]).toEqual([200, { code: 0 }]);
    }
    const found = await a.discrepancies('notification_mismatch');
    const reasons = Object.values(cases).map(
      (f) => found.find((d: Json) => d.providerTransactionId === String(f.TransactionId))?.ours?.reason,
    );
    expect(reasons).toEqual(Object.keys(cases));
    expect(await a.paymentSignals(checkout.subscriptionId)).toBe(0);
    expect((await a.api.subscription(user, checkout.subscriptionId)).status).toBe('pending_payment');
    expect(await h.database.db.select().from(payments).where(eq(payments.invoiceId, checkout.invoiceId))).toEqual([]);
  });

  it('the inbox keeps no card token in clear, and the card is still saved from it', async () => {
    const user = `user-token-${randomUUID()}`;
    const sub = await activeSubscription(h, user, 'monthly');
    const [card] = await savedCards(h, sub.id);
    expect(card?.token).toMatch(/^tk_/);
    const rows = await h.database.db.select().from(webhookInbox).where(eq(webhookInbox.kind, 'pay'));
    const mine = rows.filter((r) => r.rawBody.includes(encodeURIComponent(`inv_${sub.id}_0`)));
    expect(mine).toHaveLength(1);
    for (const row of rows) {
      expect(row.rawBody).not.toContain(card?.token);
      expect(JSON.stringify(row.payload)).not.toContain(card?.token);
    }
  });
});
