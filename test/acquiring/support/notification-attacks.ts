// Posting acquirer notifications to the API the way an attacker holding a signed body (or the secret) could, and
// reading back what they changed: the inbox, the discrepancies, the subscription workflow's signals.
import { eq } from 'drizzle-orm';
import {
  encodeCloudPaymentsNotification,
  type NotificationFields,
} from '../../../acquiring/cloudpayments/signature.js';
import { webhookInbox } from '../../../db/schema/index.js';
import { subscriptionWorkflowId } from '../../../workflows/workflow-ids.js';
import { billingClient, type Json, until } from '../../support/billing-client.js';
import type { Harness } from '../../support/harness.js';
import { inboxSettled } from '../../support/inbox-settled.js';

export function notificationAttacks(h: Harness) {
  const api = billingClient(h);
  const post = (kind: string, body: string, headers: ConstructorParameters<typeof Headers>[0]) =>
    fetch(`${h.apiUrl}/webhooks/cloudpayments/${kind}`, { method: 'POST', body, headers });
  return {
    api,
    post,
    /** Signs `fields` with the acquirer's secret, as CloudPayments would, and posts them to `/webhooks/…/<kind>`. */
    signed: (kind: string, fields: NotificationFields) => {
      const { body, headers } = encodeCloudPaymentsNotification(fields, h.config.sandbox.apiSecret);
      return post(kind, body, headers);
    },
    /** What the sandbox sent (or tried to send) about one transaction: kind, exact body and headers. */
    sent: async (transactionId: string, kind: string) =>
      until(`the sandbox's ${kind} notification of ${transactionId}`, async () =>
        ((await api.sandbox('/notifications')).items as Json[]).find(
          (n) => n.kind === kind && n.transactionId === transactionId && n.attempts.length > 0,
        ),
      ),
    inboxRows: (kind: string, transactionId: string) =>
      h.database.db
        .select()
        .from(webhookInbox)
        .where(eq(webhookInbox.dedupeKey, `${kind}:${transactionId}`)),
    /** Discrepancies of a kind, once every notification stored so far has been delivered. */
    discrepancies: async (kind: string): Promise<Json[]> => {
      await inboxSettled(h.database.db);
      return (await api.call('GET', `/v1/admin/reconciliation/discrepancies?kind=${kind}`, 'admin-ops')).body.items;
    },
    /** `paymentResult` signals the subscription's workflow has received, once every stored notification is delivered. */
    paymentSignals: async (subscriptionId: string) => {
      await inboxSettled(h.database.db);
      const history = await h.client.workflow.getHandle(subscriptionWorkflowId(subscriptionId)).fetchHistory();
      return (history.events ?? []).filter(
        (e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'paymentResult',
      ).length;
    },
    /** A subscription waiting on its hosted page, and the invoice the page pays. */
    openCheckout: async (user: string) => {
      const created = await api.subscribe(user, { planId: 'monthly' });
      if (created.status !== 201) throw new Error(`subscribe failed: ${JSON.stringify(created.body)}`);
      return { subscriptionId: created.body.subscription.id as string, ...(created.body.checkout as Json) };
    },
  };
}

/** A pay notification's fields as the sandbox sends them (reference §5.5), for a payment of `amount` major units. */
export const payFields = (fields: { transactionId: number | string; invoiceId: string; accountId: string }) => ({
  TransactionId: fields.transactionId,
  Amount: '299.00',
  Currency: 'RUB',
  InvoiceId: fields.invoiceId,
  AccountId: fields.accountId,
  DateTime: '2026-11-26 10:00:00',
  Status: 'Completed',
  OperationType: 'Payment',
  GatewayName: 'Test',
  AuthCode: 'A1B2C3',
  TestMode: 1,
});
