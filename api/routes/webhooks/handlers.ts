import { and, eq } from 'drizzle-orm';
import {
  type PaymentProvider,
  WEBHOOK_KINDS,
  type WebhookEvent,
  type WebhookKind,
} from '../../../acquiring/provider.js';
import { AcquirerNotConfigured } from '../../../acquiring/registry.js';
import { webhookInbox } from '../../../db/schema/index.js';
import { createTokenSeal, withoutToken } from '../../../db/token-seal.js';
import { AppError } from '../../../domain/errors.js';
import type { AcquirerRouteDeps, App, AppDeps } from '../../app-env.js';
import { decideCheck } from './check-decision.js';
import { deliverFail, deliverPay } from './payment-delivery.js';
import { deliverRefundNotification } from './refund-delivery.js';
import { acquirerWebhook } from './routes.js';

const isKind = (kind: string): kind is WebhookKind => (WEBHOOK_KINDS as readonly string[]).includes(kind);

/**
 * Acquirer notifications. The signature is checked over the raw bytes before anything is parsed; every verified
 * notification lands once in the inbox (a redelivery is acknowledged and changes nothing), but only at the URL of a
 * kind its body can be; payment outcomes become signals to the subscription's workflow, which Temporal keeps until
 * the workflow reads them, once they are shown to be our invoice's (see payment-delivery.ts).
 */
export function registerWebhookRoutes(app: App, deps: AppDeps) {
  const { db, logger, now = () => new Date() } = deps;
  const seal = createTokenSeal(deps.config.inboxEncryptionKey);
  async function deliver(routed: AcquirerRouteDeps, event: WebhookEvent, inboxId: number) {
    if (event.kind === 'refund') return deliverRefundNotification(routed, event);
    if (event.kind === 'pay') return deliverPay(routed, event, inboxId, now());
    if (event.kind === 'fail') return deliverFail(routed, event, inboxId);
  }
  /** Each configured acquirer posts to its own routes; any other name is no webhook of ours. */
  const acquirerOf = (name: string): PaymentProvider | undefined => {
    try {
      return deps.acquirers.get(name);
    } catch (error) {
      if (error instanceof AcquirerNotConfigured) return undefined;
      throw error;
    }
  };

  app.openAPIRegistry.registerPath(acquirerWebhook);
  app.post('/webhooks/:provider/:kind', async (c) => {
    const kind = c.req.param('kind');
    const provider = acquirerOf(c.req.param('provider'));
    if (!provider || !isKind(kind)) {
      throw new AppError('unknown_webhook', `No webhook ${c.req.path}`, 404);
    }
    const rawBody = new Uint8Array(await c.req.arrayBuffer());
    const headers = Object.fromEntries(c.req.raw.headers.entries());
    const verified = await provider.verifyWebhook({ kind, rawBody, headers });
    if (!verified.ok) {
      const bad = verified.reason === 'bad_signature';
      throw new AppError(bad ? 'invalid_signature' : 'malformed_notification', verified.message, bad ? 401 : 400);
    }
    if (!verified.proves.includes(kind)) {
      const shown = verified.proves.join(' or ') || 'no notification we take';
      throw new AppError('notification_kind_mismatch', `The body is ${shown}, not ${kind}`, 400);
    }
    const event = verified.event;
    const reply = (decision?: Parameters<typeof provider.acknowledgeWebhook>[1]) => {
      const r = provider.acknowledgeWebhook(event, decision);
      return c.body(r.body, r.status as 200, r.headers);
    };
    if (event.kind === 'check') return reply(await decideCheck(db, event, now()));

    // The card token is kept sealed, never in clear: the payload holds it encrypted, the raw body not at all.
    const { raw: _raw, token, ...payload } = event;
    const [inserted] = await db
      .insert(webhookInbox)
      .values({
        provider: provider.name,
        kind: event.kind,
        dedupeKey: event.dedupeKey,
        rawBody: withoutToken(Buffer.from(rawBody).toString('utf8'), token),
        payload: token ? { ...payload, sealedToken: seal.seal(token) } : payload,
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
      await deliver({ ...deps, provider }, event, row.id);
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
