import { WorkflowNotFoundError } from '@temporalio/client';
import { and, eq } from 'drizzle-orm';
import { WEBHOOK_KINDS, type WebhookEvent, type WebhookKind } from '../../../acquiring/provider.js';
import { invoices, payments, webhookInbox } from '../../../db/schema/index.js';
import { AppError } from '../../../domain/errors.js';
import { idempotencyKeyFor } from '../../../domain/subscription/charge-answer.js';
import { paymentResultSignal } from '../../../workflows/subscription/messages.js';
import { subscriptionWorkflowId } from '../../../workflows/workflow-ids.js';
import type { App, AppDeps } from '../../app-env.js';
import { decideCheck } from './check-decision.js';
import { deliverRefundNotification } from './refund-delivery.js';
import { acquirerWebhook } from './routes.js';

const isKind = (kind: string): kind is WebhookKind => (WEBHOOK_KINDS as readonly string[]).includes(kind);

/**
 * Acquirer notifications. The signature is checked over the raw bytes before anything is parsed; every verified
 * notification lands once in the inbox (a redelivery is acknowledged and changes nothing); payment outcomes become
 * signals to the subscription's workflow, which Temporal keeps until the workflow reads them.
 */
export function registerWebhookRoutes(app: App, deps: AppDeps) {
  const { db, temporal, provider, logger, now = () => new Date() } = deps;
  async function deliver(event: WebhookEvent, inboxId: number) {
    if (event.kind === 'refund') return deliverRefundNotification(deps, event);
    if ((event.kind !== 'pay' && event.kind !== 'fail') || !event.invoiceId) return;
    const [invoice] = await db.select().from(invoices).where(eq(invoices.id, event.invoiceId));
    if (!invoice) return;
    if (await heardByWorkflow(event, invoice)) return;
    const fact = {
      invoiceId: invoice.id,
      outcome: event.kind === 'pay' ? ('succeeded' as const) : ('declined' as const),
      providerTransactionId: event.providerTransactionId,
      declineCode: event.decline?.code,
      declineReason: event.decline?.reason,
      declineClass: event.decline?.class,
      inboxId,
    };
    try {
      await temporal.workflow
        .getHandle(subscriptionWorkflowId(invoice.subscriptionId))
        .signal(paymentResultSignal, fact);
    } catch (error) {
      // The subscription's workflow has ended: the notification stays in the inbox for reconciliation.
      if (!(error instanceof WorkflowNotFoundError)) throw error;
    }
  }

  /**
   * The workflow hears of this payment by itself, so a signal would only cost it a workflow task: the payment is
   * recorded with this outcome already (by the workflow's own charge, a lookup or an earlier notification), or it is
   * an attempt of a renewal or upgrade charge (the acquirer echoes our payment id), whose activity keeps asking the
   * acquirer until it has the answer. Hosted-page payments are neither, and are always signalled.
   */
  async function heardByWorkflow(event: WebhookEvent, invoice: typeof invoices.$inferSelect) {
    const status = event.kind === 'pay' ? 'succeeded' : 'declined';
    const [known] = await db
      .select({ id: payments.id })
      .from(payments)
      .where(
        and(
          eq(payments.provider, provider.name),
          eq(payments.providerTransactionId, event.providerTransactionId),
          eq(payments.status, status),
        ),
      );
    if (known) return true;
    if ((invoice.kind !== 'renewal' && invoice.kind !== 'proration') || !event.paymentId) return false;
    const [own] = await db
      .select({ attempt: payments.attempt, idempotencyKey: payments.idempotencyKey })
      .from(payments)
      .where(and(eq(payments.id, event.paymentId), eq(payments.invoiceId, invoice.id)));
    return own !== undefined && own.idempotencyKey === idempotencyKeyFor(invoice.id, own.attempt);
  }

  app.openAPIRegistry.registerPath(acquirerWebhook);
  app.post('/webhooks/:provider/:kind', async (c) => {
    const kind = c.req.param('kind');
    if (c.req.param('provider') !== provider.name || !isKind(kind)) {
      throw new AppError('unknown_webhook', `No webhook ${c.req.path}`, 404);
    }
    const rawBody = new Uint8Array(await c.req.arrayBuffer());
    const headers = Object.fromEntries(c.req.raw.headers.entries());
    const verified = await provider.verifyWebhook({ kind, rawBody, headers });
    if (!verified.ok) {
      const bad = verified.reason === 'bad_signature';
      throw new AppError(bad ? 'invalid_signature' : 'malformed_notification', verified.message, bad ? 401 : 400);
    }
    const event = verified.event;
    const reply = (decision?: Parameters<typeof provider.acknowledgeWebhook>[1]) => {
      const r = provider.acknowledgeWebhook(event, decision);
      return c.body(r.body, r.status as 200, r.headers);
    };
    if (event.kind === 'check') return reply(await decideCheck(db, event, now()));

    const { raw: _raw, ...payload } = event;
    const [inserted] = await db
      .insert(webhookInbox)
      .values({
        provider: provider.name,
        kind: event.kind,
        dedupeKey: event.dedupeKey,
        rawBody: Buffer.from(rawBody).toString('utf8'),
        payload,
      })
      .onConflictDoNothing()
      .returning();
    const [row] = inserted
      ? [inserted]
      : await db
          .select()
          .from(webhookInbox)
          .where(
            and(
              eq(webhookInbox.provider, provider.name),
              eq(webhookInbox.kind, event.kind),
              eq(webhookInbox.dedupeKey, event.dedupeKey),
            ),
          );
    if (!row || row.processedAt) return reply();
    try {
      await deliver(event, row.id);
    } catch (error) {
      // Not acknowledged: the acquirer redelivers and we try again; the row tells operators what went wrong.
      logger.error({ err: error, inboxId: row.id, kind: event.kind }, 'webhook not delivered to its workflow');
      await db
        .update(webhookInbox)
        .set({ processError: String(error) })
        .where(eq(webhookInbox.id, row.id));
      throw error;
    }
    await db.update(webhookInbox).set({ processedAt: now(), processError: null }).where(eq(webhookInbox.id, row.id));
    return reply();
  });
}
