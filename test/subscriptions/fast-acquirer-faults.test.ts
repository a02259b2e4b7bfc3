import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { encodeCloudPaymentsNotification } from '../../acquiring/cloudpayments/signature.js';
import { eventOutbox, payments, webhookInbox } from '../../db/schema/index.js';
import { activeSubscription, billingClient, CARDS, createPlan, until } from '../support/billing-client.js';
import { type FastHarness, startFastHarness } from '../support/fast-harness.js';
import { recordHistory } from '../support/histories.js';
import { body } from '../support/http.js';
import { invariantsOfEachTest } from '../support/invariants.js';

// On the time-skipping server: the renewal is skipped to, and the acquirer's faults then play out in real time.
describe('acquirer faults and notifications', () => {
  let h: FastHarness;
  afterEach(invariantsOfEachTest(() => h));
  let api: ReturnType<typeof billingClient>;
  beforeAll(async () => {
    h = await startFastHarness();
    api = billingClient(h);
  });
  afterAll(async () => {
    await api?.sandbox('/faults', {}).catch(() => {});
    await h?.close();
  });

  const notify = (kind: string, fields: Record<string, string | number>, secret = h.config.sandbox.apiSecret) => {
    const { body, headers } = encodeCloudPaymentsNotification(fields, secret);
    return fetch(`${h.apiUrl}/webhooks/cloudpayments/${kind}`, { method: 'POST', body, headers });
  };
  const events = async (id: string) =>
    (await h.database.db.select().from(eventOutbox).where(eq(eventOutbox.subscriptionId, id))).map((e) => e.type);

  it('an acquirer timeout during a renewal still ends with exactly one charge, settled by looking it up', async () => {
    const planId = await createPlan(h);
    const user = `user-timeout-${Date.now()}`;
    const sub = await activeSubscription(h, user, planId);
    await api.sandbox('/faults', { timeoutRate: 1 });
    const invoiceId = `inv_${sub.id}_1`;
    // The skip pauses while the charge runs (the server does not skip time past a running activity): awaited last.
    const advancing = h.advancePast(sub.currentPeriodEnd);
    // The charge is processed but its answer held back; the client gives up after its 5 s deadline.
    await until('the renewal to reach the acquirer', async () =>
      (await api.ledger(invoiceId)).length > 0 ? true : undefined,
    );
    // Lift the fault only once our client has given up on that answer (the attempt is recorded as unknown).
    await until(
      'the charge to be recorded as unknown',
      async () => {
        const rows = await h.database.db.select().from(payments).where(eq(payments.invoiceId, invoiceId));
        return rows.some((p) => p.status === 'unknown') ? true : undefined;
      },
      30_000,
    );
    await api.sandbox('/faults', {});
    await advancing;
    const invoice = await until(
      'the renewal invoice to be paid',
      async () => {
        const found = (await api.invoices(user, sub.id)).find((i: { id: string }) => i.id === invoiceId);
        return found?.status === 'paid' ? found : undefined;
      },
      60_000,
    );
    expect(invoice.attempts).toBe(1);
    expect((await api.ledger(invoiceId)).filter((t: { Status: string }) => t.Status === 'Completed')).toHaveLength(1);
    expect((await api.subscription(user, sub.id)).status).toBe('active');
    await recordHistory(h.client, 'renewal-timeout-settled', `subscription-${sub.id}`);
  }, 90_000);

  it('duplicated notifications activate once: one inbox row per notification, one set of events', async () => {
    await api.sandbox('/faults', { duplicateNotificationRate: 1 });
    const user = `user-dup-${Date.now()}`;
    const created = await api.subscribe(user, { planId: 'monthly' });
    await api.payLink(created.body.checkout.paymentUrl, CARDS.success);
    const sub = await api.waitForStatus(user, created.body.subscription.id, 'active');
    await until('the pay notification to be delivered a second time', async () => {
      const sent = (await api.sandbox('/notifications')).items.filter(
        (n: { kind: string; body: string; duplicated: boolean; delivered: boolean }) =>
          n.kind === 'pay' && n.body.includes(created.body.checkout.invoiceId) && n.duplicated && n.delivered,
      );
      return sent.length > 0 ? sent : undefined;
    });
    await api.sandbox('/faults', {});
    const inbox = await h.database.db.select().from(webhookInbox).where(eq(webhookInbox.kind, 'pay'));
    const mine = inbox.filter(
      (r) => (r.payload as { invoiceId?: string }).invoiceId === created.body.checkout.invoiceId,
    );
    expect(mine).toHaveLength(1);
    expect((await events(sub.id)).sort()).toEqual([
      'entitlement.granted',
      'payment.succeeded',
      'subscription.activated',
    ]);
  });

  it('a late fail notification after the pay changes nothing', async () => {
    const user = `user-late-${Date.now()}`;
    const sub = await activeSubscription(h, user, 'monthly');
    const res = await notify('fail', {
      TransactionId: 999_000_001,
      Amount: '299.00',
      Currency: 'RUB',
      InvoiceId: `inv_${sub.id}_0`,
      AccountId: user,
      DateTime: '2026-11-26 10:00:00',
      Reason: 'InsufficientFunds',
      ReasonCode: 5051,
      TestMode: 1,
    });
    expect([res.status, await res.json()]).toEqual([200, { code: 0 }]);
    // Wait until the workflow has handled the signal (a workflow task completed after it), then look.
    await until('the late notification to be handled', async () => {
      const history = (await h.client.workflow.getHandle(`subscription-${sub.id}`).fetchHistory()).events ?? [];
      const signaled = history.findLastIndex((e) => e.workflowExecutionSignaledEventAttributes != null);
      const handled = history.findLastIndex((e) => e.workflowTaskCompletedEventAttributes != null);
      return signaled >= 0 && handled > signaled ? true : undefined;
    });
    expect(await api.subscription(user, sub.id)).toMatchObject({ status: 'active' });
    expect(await events(sub.id)).not.toContain('payment.failed');
  });

  it('a notification with a bad signature is 401 and stored nowhere', async () => {
    const before = (await h.database.db.select().from(webhookInbox)).length;
    const res = await notify('pay', { TransactionId: 1, Amount: '1.00', InvoiceId: 'inv_x' }, 'not-the-secret');
    expect(res.status).toBe(401);
    expect((await body(res)).error.code).toBe('invalid_signature');
    expect((await h.database.db.select().from(webhookInbox)).length).toBe(before);
  });

  it('check replies 10 unknown invoice, 11 wrong account, 12 wrong amount, 13 already paid, 0 payable', async () => {
    const user = `user-check-${Date.now()}`;
    const open = await api.subscribe(user, { planId: 'monthly' });
    const invoiceId = open.body.checkout.invoiceId;
    const base = { TransactionId: 5, Currency: 'RUB', DateTime: '2026-11-26 10:00:00', TestMode: 1 };
    const check = async (fields: Record<string, string | number>) =>
      (await body(await notify('check', { ...base, ...fields }))).code;
    expect(await check({ InvoiceId: 'inv_nope', AccountId: user, Amount: '299.00' })).toBe(10);
    expect(await check({ InvoiceId: invoiceId, AccountId: 'someone-else', Amount: '299.00' })).toBe(11);
    expect(await check({ InvoiceId: invoiceId, AccountId: user, Amount: '1.00' })).toBe(12);
    expect(await check({ InvoiceId: invoiceId, AccountId: user, Amount: '299.00' })).toBe(0);
    await api.payLink(open.body.checkout.paymentUrl, CARDS.success);
    await api.waitForStatus(user, open.body.subscription.id, 'active');
    expect(await check({ InvoiceId: invoiceId, AccountId: user, Amount: '299.00' })).toBe(13);
  });
});
