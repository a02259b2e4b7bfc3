// YooKassa does not sign its notifications: a body is a hint, believed only for what a lookup at YooKassa shows. On
// the whole stack over the YooKassa sandbox, a forged notification and a replayed genuine one change nothing: no row,
// no subscription, no money; the lookup that disagrees is recorded as an unconfirmed notification.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unsignedNotificationLookupWorkflowId } from '../../workflows/workflow-ids.js';
import { capturesOf, lastSegment, paymentUrlOf, sandboxControl } from '../support/acquirer-drivers/index.js';
import { yooKassaDriver } from '../support/acquirer-drivers/yookassa.js';
import { billingClient, type Json } from '../support/billing-client.js';
import { type Harness, startHarness } from '../support/harness.js';
import { inboxSettled } from '../support/inbox-settled.js';

describe('a forged or replayed YooKassa notification', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      ...(await yooKassaDriver.overrides()),
      CHECKOUT_TTL_SECONDS: '3600',
      RECONCILIATION_INTERVAL_SECONDS: '86400',
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('changes nothing: the lookup shows otherwise, and the disagreement is recorded', async () => {
    const api = billingClient(h);
    const yookassa = yooKassaDriver.controls(h);
    const control = (path: string, body?: unknown) => sandboxControl(`${h.sandboxUrl}/yookassa/_sandbox${path}`, body);
    const post = (body: unknown) =>
      fetch(`${h.apiUrl}/webhooks/yookassa/notification`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    /** The lookup's answer, once the inbox relay has started it for every notification stored so far. */
    const lookedUp = async (paymentId: string, action: string) => {
      await inboxSettled(h.database.db);
      return h.client.workflow.getHandle(unsignedNotificationLookupWorkflowId('yookassa', paymentId, action)).result();
    };
    const unconfirmed = async (paymentId: string) =>
      (await api.call('GET', '/v1/admin/reconciliation/discrepancies', 'admin-forgery')).body.items.filter(
        (d: Json) => d.kind === 'unconfirmed_notification' && d.providerTransactionId === paymentId,
      );

    // A paid subscription, and its genuine payment.succeeded as the sandbox sent it.
    const payer = `user-paid-${randomUUID()}`;
    const paid = (await api.subscribe(payer, { planId: 'monthly' })).body;
    await yookassa.payLink(paid.checkout, yooKassaDriver.cards.success);
    // YooKassa does not sign: its notification is confirmed by a lookup workflow first, which a whole-suite run on two
    // cores has delayed past the default 20 s (as in two-real-acquirers).
    await api.waitForStatus(payer, paid.subscription.id, 'active', 60_000);
    const paidPaymentId = lastSegment(paymentUrlOf(paid.checkout));
    const sent = (await control('/notifications')).items as Json[];
    const genuine = sent.find((n) => n.event === 'payment.succeeded' && n.objectId === paidPaymentId)?.body;
    expect(genuine?.object?.status).toBe('succeeded');

    // Another user's checkout still waiting for its payer.
    const victim = `user-pending-${randomUUID()}`;
    const pending = (await api.subscribe(victim, { planId: 'monthly' })).body;
    const pendingPaymentId = lastSegment(paymentUrlOf(pending.checkout));
    const [invoice] = await api.invoices(victim, pending.subscription.id);

    // (a) A forged payment.succeeded for the pending payment, with its invoice and the right amount.
    const forged = {
      ...genuine,
      object: {
        ...genuine.object,
        id: pendingPaymentId,
        metadata: { ...genuine.object.metadata, invoiceId: invoice.id },
      },
    };
    expect((await post(forged)).status).toBe(200);
    expect(await lookedUp(pendingPaymentId, 'payment_captured')).toEqual({ confirmed: false });
    expect((await api.subscription(victim, pending.subscription.id)).status).toBe('pending_payment');
    expect(capturesOf(await yookassa.ledger(), invoice.id)).toHaveLength(0);
    expect(await unconfirmed(pendingPaymentId)).toHaveLength(1);

    // (b) A replay of the genuine notification, and a forged payment.canceled of the paid payment: it stays paid, once.
    const replay = await control('/notifications/resend', { paymentId: paidPaymentId, event: 'payment.succeeded' });
    expect(replay.resent).toBe(true);
    const canceled = {
      ...genuine,
      event: 'payment.canceled',
      object: {
        ...genuine.object,
        status: 'canceled',
        paid: false,
        cancellation_details: { party: 'payment_network', reason: 'fraud_suspected' },
      },
    };
    expect((await post(canceled)).status).toBe(200);
    expect(await lookedUp(paidPaymentId, 'payment_declined')).toEqual({ confirmed: false });
    expect(await unconfirmed(paidPaymentId)).toHaveLength(1);
    expect((await api.subscription(payer, paid.subscription.id)).status).toBe('active');
    const payments = (await api.call('GET', `/v1/payments?subscriptionId=${paid.subscription.id}`, payer)).body.items;
    expect(payments.map((p: Json) => [p.status, p.acquirer])).toEqual([['succeeded', 'yookassa']]);
    const [paidInvoice] = await api.invoices(payer, paid.subscription.id);
    expect(capturesOf(await yookassa.ledger(), paidInvoice.id)).toHaveLength(1);
  }, 120_000);
});
