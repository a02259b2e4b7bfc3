import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { encodeCloudPaymentsNotification } from '../../acquiring/cloudpayments/signature.js';
import { checkoutCryptograms, eventOutbox, paymentMethods } from '../../db/schema/index.js';
import { billingClient, CARDS } from '../support/billing-client.js';
import { type FastHarness, startFastHarness } from '../support/fast-harness.js';
import { recordHistory } from '../support/histories.js';
import { body } from '../support/http.js';
import { invariantsOfEachTest } from '../support/invariants.js';

// On the time-skipping server: the checkout's deadline is skipped to, not waited for.
describe('checkout', () => {
  let h: FastHarness;
  afterEach(invariantsOfEachTest(() => h));
  let api: ReturnType<typeof billingClient>;
  beforeAll(async () => {
    h = await startFastHarness({ CHECKOUT_TTL_SECONDS: '15' });
    api = billingClient(h);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('by payment link: paid on the hosted page → active, invoice paid, card saved, activation events recorded', async () => {
    const user = `user-link-${Date.now()}`;
    const created = await api.subscribe(user, { planId: 'monthly' });
    expect(created.status).toBe(201);
    const { subscription, checkout } = created.body;
    expect(subscription).toMatchObject({ status: 'pending_payment', userId: user, planId: 'monthly' });
    expect(checkout).toMatchObject({ status: 'awaiting_payment', paymentUrl: expect.stringContaining('/d/') });

    await api.payLink(checkout.paymentUrl, CARDS.success);
    const active = await api.waitForStatus(user, subscription.id, 'active');
    expect(active.currentPeriodStart).not.toBeNull();
    expect(Date.parse(active.currentPeriodEnd)).toBeGreaterThan(Date.parse(active.currentPeriodStart));
    expect(active.nextChargeAt).toBe(active.currentPeriodEnd);

    const [invoice] = await api.invoices(user, subscription.id);
    expect(invoice).toMatchObject({
      id: checkout.invoiceId,
      kind: 'initial',
      status: 'paid',
      amount: 29900,
      currency: 'RUB',
    });
    const cards = await h.database.db
      .select()
      .from(paymentMethods)
      .where(eq(paymentMethods.subscriptionId, subscription.id));
    expect(cards).toHaveLength(1);
    const events = await h.database.db
      .select()
      .from(eventOutbox)
      .where(eq(eventOutbox.subscriptionId, subscription.id));
    expect(events.map((e) => e.type).sort()).toEqual([
      'entitlement.granted',
      'payment.succeeded',
      'subscription.activated',
    ]);
    expect(events.find((e) => e.type === 'entitlement.granted')?.data).toMatchObject({
      userId: user,
      role: 'subscriber',
    });
    expect((await api.ledger(checkout.invoiceId)).filter((t) => t.Status === 'Completed')).toHaveLength(1);
    await recordHistory(h.client, 'checkout-link-active', `subscription-${subscription.id}`);
  });

  it('by card cryptogram with 3-D Secure: requires_action, then the TermUrl callback activates it', async () => {
    const user = `user-3ds-${Date.now()}`;
    const cryptogram = await api.cryptogram(CARDS.success3ds);
    const created = await api.subscribe(user, {
      planId: 'monthly',
      payment: { method: 'card_cryptogram', cryptogram, ipAddress: '127.0.0.1' },
    });
    expect(created.status).toBe(201);
    const { subscription, checkout } = created.body;
    expect(checkout.status).toBe('requires_action');
    expect(checkout.threeDs).toMatchObject({
      md: expect.any(String),
      paReq: expect.any(String),
      // The state binds the return to this checkout (api/three-ds-state.ts); the payer's browser posts to it as given.
      termUrl: expect.stringMatching(
        new RegExp(`^${h.apiUrl}/v1/payments/3ds/callback\\?payment=pay_${checkout.invoiceId}_1&state=[\\w-]{43}$`),
      ),
    });
    // The neutral form of the same step; `threeDs` is its deprecated alias.
    expect(checkout.action).toEqual({
      method: 'POST',
      url: checkout.threeDs.acsUrl,
      fields: { PaReq: checkout.threeDs.paReq, MD: checkout.threeDs.md, TermUrl: checkout.threeDs.termUrl },
    });

    const { paRes } = await api.sandbox(`/3ds/${checkout.threeDs.md}`, { result: 'success' });
    const callback = await fetch(checkout.threeDs.termUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ MD: checkout.threeDs.md, PaRes: paRes }),
    });
    expect(callback.status).toBe(200);
    expect(await callback.json()).toEqual({ subscriptionId: subscription.id, status: 'succeeded' });
    await api.waitForStatus(user, subscription.id, 'active');
    expect((await api.ledger(checkout.invoiceId)).filter((t) => t.Status === 'Completed')).toHaveLength(1);
    // The card packet never enters Temporal history (the Web UI shows it to every operator), nor stays stored.
    const history = await h.client.workflow.getHandle(`subscription-${subscription.id}`).fetchHistory();
    // Every payload of the history, decoded to text.
    const readable = [...historyToJSON(history).matchAll(/"data":\s*"([A-Za-z0-9+/=]+)"/g)]
      .map(([, data]) => Buffer.from(data ?? '', 'base64').toString('utf8'))
      .join('\n');
    expect(readable).toContain('card_cryptogram');
    expect(readable).not.toContain(cryptogram);
    // The state that binds the return to its checkout is shown to the payer, never kept in history.
    expect(readable).not.toContain(new URL(checkout.threeDs.termUrl).searchParams.get('state'));
    expect(await h.database.db.select().from(checkoutCryptograms)).toEqual([]);
    await recordHistory(h.client, 'checkout-3ds-active', `subscription-${subscription.id}`);
  });

  it('a declined cryptogram ends the checkout: declined, then expired with the invoice void', async () => {
    const user = `user-decline-${Date.now()}`;
    const cryptogram = await api.cryptogram(CARDS.insufficientFunds);
    const created = await api.subscribe(user, {
      planId: 'monthly',
      payment: { method: 'card_cryptogram', cryptogram, ipAddress: '127.0.0.1' },
    });
    expect(created.body.checkout).toMatchObject({ status: 'declined', declineReason: 'InsufficientFunds' });
    await api.waitForStatus(user, created.body.subscription.id, 'expired');
    const [invoice] = await api.invoices(user, created.body.subscription.id);
    expect(invoice.status).toBe('void');
    await recordHistory(h.client, 'checkout-declined-expired', `subscription-${created.body.subscription.id}`);
  });

  it('an unpaid payment link expires at the deadline: expired, invoice void, the link can no longer be paid, check answers 20', async () => {
    const user = `user-expire-${Date.now()}`;
    const created = await api.subscribe(user, { planId: 'monthly' });
    const { subscription, checkout } = created.body;
    expect(checkout.status).toBe('awaiting_payment');
    await h.advancePast(checkout.expiresAt);
    await api.waitForStatus(user, subscription.id, 'expired');
    expect((await api.invoices(user, subscription.id))[0].status).toBe('void');
    await expect(api.payLink(checkout.paymentUrl, CARDS.success)).rejects.toThrow();
    const fields = {
      TransactionId: 7,
      Amount: '299.00',
      Currency: 'RUB',
      InvoiceId: checkout.invoiceId,
      AccountId: user,
    };
    const note = encodeCloudPaymentsNotification(fields, h.config.sandbox.apiSecret);
    const check = await fetch(`${h.apiUrl}/webhooks/cloudpayments/check`, { method: 'POST', ...note });
    expect((await body(check)).code).toBe(20);
    await recordHistory(h.client, 'checkout-link-expired', `subscription-${subscription.id}`);
  });

  it('the same Idempotency-Key returns the same subscription; a different body with it is 409; a second live one is 409', async () => {
    const user = `user-idem-${Date.now()}`;
    const first = await api.subscribe(user, { planId: 'monthly' }, 'key-1');
    const again = await api.subscribe(user, { planId: 'monthly' }, 'key-1');
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    const reused = await api.subscribe(user, { planId: 'yearly' }, 'key-1');
    expect([reused.status, reused.body.error.code]).toEqual([409, 'idempotency_key_reused']);
    const second = await api.subscribe(user, { planId: 'monthly' }, 'key-2');
    expect([second.status, second.body.error.code]).toEqual([409, 'subscription_exists']);
    const missingPlan = await api.subscribe(`other-${user}`, { planId: 'no-such-plan' });
    expect([missingPlan.status, missingPlan.body.error.code]).toEqual([404, 'plan_not_found']);
  });
});
