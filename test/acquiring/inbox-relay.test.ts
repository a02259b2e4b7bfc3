// Issue 14, point 3: webhooks answer once the notification is stored; the inbox relay delivers it after, promptly,
// once, and after a restart if the process stopped between the two.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { webhookInbox } from '../../db/schema/index.js';
import { subscriptionWorkflowId } from '../../workflows/workflow-ids.js';
import { CARDS, type Json, until } from '../support/billing-client.js';
import { type Harness, startHarness } from '../support/harness.js';
import { inboxSettled } from '../support/inbox-settled.js';
import { invariantsOfEachTest } from '../support/invariants.js';
import { notificationAttacks, payFields } from './support/notification-attacks.js';

describe('the inbox relay delivers what the webhooks stored', () => {
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
  const inboxRow = async (kind: string, transactionId: string) => {
    const [row] = await h.database.db
      .select()
      .from(webhookInbox)
      .where(eq(webhookInbox.dedupeKey, `${kind}:${transactionId}`));
    return row;
  };
  /** Signals as the workflow's history holds them now, without waiting for the inbox. */
  const signalsNow = async (subscriptionId: string) => {
    const history = await h.client.workflow.getHandle(subscriptionWorkflowId(subscriptionId)).fetchHistory();
    return (history.events ?? []).filter(
      (e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'paymentResult',
    ).length;
  };
  /** A checkout paid at the sandbox; its `pay` notification's transaction id once the sandbox has sent it. */
  const paidCheckout = async (user: string) => {
    const checkout = await a.openCheckout(user);
    await a.api.payLink(checkout.paymentUrl, CARDS.success);
    const [tx] = await until('the payment in the sandbox ledger', async () => {
      const ledger = await a.api.ledger(checkout.invoiceId);
      return ledger.length > 0 ? ledger : undefined;
    });
    const transactionId = String(tx.TransactionId);
    const sent = await until('the pay notification answered by the API', async () => {
      const pay = await a.sent(transactionId, 'pay');
      return pay.delivered ? pay : undefined;
    });
    return { checkout, transactionId, sent: sent as Json };
  };

  it('a signed pay is delivered within a second of being stored, measured on its inbox row', async () => {
    const user = `user-latency-${randomUUID()}`;
    const checkout = await a.openCheckout(user);
    const transactionId = String(newTransactionId());
    // Not our invoice's amount: delivered as a discrepancy, so nothing is paid that the sandbox did not take.
    const fields = { ...payFields({ transactionId, invoiceId: checkout.invoiceId, accountId: user }), Amount: '1.00' };
    expect((await a.signed('pay', fields)).status).toBe(200);
    const row = await until(
      'the notification delivered',
      async () => {
        const stored = await inboxRow('pay', transactionId);
        return stored?.processedAt ? stored : undefined;
      },
      10_000,
      10,
    );
    expect(row.processError).toBeNull();
    expect((row.processedAt?.getTime() ?? Number.NaN) - row.receivedAt.getTime()).toBeLessThan(1000);
    const found = await a.discrepancies('notification_mismatch');
    expect(found.some((d: Json) => d.providerTransactionId === transactionId)).toBe(true);
  });

  it('a signed pay re-sent after its delivery is acknowledged without a second delivery', async () => {
    const user = `user-dup-${randomUUID()}`;
    const { checkout, transactionId, sent } = await paidCheckout(user);
    await a.api.waitForStatus(user, checkout.subscriptionId, 'active');
    await inboxSettled(h.database.db);
    const delivered = await inboxRow('pay', transactionId);
    expect(delivered?.processedAt).not.toBeNull();
    const signals = await signalsNow(checkout.subscriptionId);
    expect(signals).toBe(1);
    for (let i = 0; i < 3; i++) expect((await a.post('pay', sent.body, sent.headers)).status).toBe(200);
    await inboxSettled(h.database.db);
    const after = await inboxRow('pay', transactionId);
    // Taken by the relay once: a redelivery neither re-arms the row nor signals again.
    expect(after?.attempts).toBe(1);
    expect(after?.processedAt).toEqual(delivered?.processedAt);
    expect(await signalsNow(checkout.subscriptionId)).toBe(signals);
  });

  it('a pay stored while no relay runs (the process stopped after answering) is delivered once the API starts again', async () => {
    const user = `user-restart-${randomUUID()}`;
    await h.inboxRelay.stop();
    const { checkout, transactionId } = await paidCheckout(user);
    const stored = await inboxRow('pay', transactionId);
    expect(stored?.processedAt).toBeNull();
    expect(await signalsNow(checkout.subscriptionId)).toBe(0);

    await h.restart({ defaultAcquirer: h.acquirers.defaultName });
    const delivered = await until('the stored pay delivered after the restart', async () => {
      const row = await inboxRow('pay', transactionId);
      return row?.processedAt ? row : undefined;
    });
    expect(delivered.attempts).toBe(1);
    expect(await signalsNow(checkout.subscriptionId)).toBe(1);
    await a.api.waitForStatus(user, checkout.subscriptionId, 'active');
  });
});
