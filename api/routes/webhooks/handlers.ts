import type {
  AcquirerNotification,
  NotificationAction,
  NotificationVerification,
  PaymentProvider,
} from '../../../acquiring/provider.js';
import { AcquirerNotConfigured } from '../../../acquiring/registry.js';
import { AppError } from '../../../domain/errors.js';
import type { AcquirerRouteDeps, App, AppDeps } from '../../app-env.js';
import { callerAddress } from '../../client-ip.js';
import { decideCheck } from './check-decision.js';
import { markInbox, takeIntoInbox } from './inbox.js';
import { deliverFail, deliverPay } from './payment-delivery.js';
import { deliverRefundNotification } from './refund-delivery.js';
import { acquirerWebhook } from './routes.js';
import { lookUpUnsignedNotification } from './unsigned-delivery.js';

type Deliver = (
  deps: AcquirerRouteDeps,
  notification: AcquirerNotification,
  inboxId: number,
  now: Date,
) => Promise<void>;
const nothing: Deliver = async () => {};

/**
 * What a signed notification sets going, by action (an unsigned one only starts a lookup: unsigned-delivery.ts); what
 * a signed body alone does not make worth acting on is stored and acknowledged.
 */
const SIGNED_DELIVERY: Record<Exclude<NotificationAction, 'payment_check'>, Deliver> = {
  payment_authorized: deliverPay,
  payment_captured: deliverPay,
  payment_declined: (deps, n, inboxId) => deliverFail(deps, n, inboxId),
  payment_voided: nothing,
  refund_succeeded: (deps, n) => deliverRefundNotification(deps, n),
  refund_failed: nothing,
  ignored: nothing,
};

type Refusal = Extract<NotificationVerification, { ok: false }>;
const REFUSALS: Record<Refusal['reason'], { code: string; status: 400 | 401 | 403 | 404 }> = {
  bad_signature: { code: 'invalid_signature', status: 401 },
  malformed: { code: 'malformed_notification', status: 400 },
  unknown_route: { code: 'unknown_webhook', status: 404 },
  route_mismatch: { code: 'notification_kind_mismatch', status: 400 },
  forbidden_source: { code: 'forbidden_source', status: 403 },
};

/**
 * Acquirer notifications, each acquirer on its own routes. The provider checks the origin over the raw bytes before
 * anything is parsed; every verified notification lands once in the inbox (a redelivery is acknowledged and changes
 * nothing); payment outcomes become signals to the subscription's workflow, which Temporal keeps until the workflow
 * reads them, once they are shown to be our invoice's (see payment-delivery.ts).
 */
export function registerWebhookRoutes(app: App, deps: AppDeps) {
  const { db, logger, now = () => new Date() } = deps;
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
  app.post('/webhooks/:acquirer/:route', async (c) => {
    const route = c.req.param('route');
    const provider = acquirerOf(c.req.param('acquirer'));
    if (!provider?.notificationRoutes.includes(route)) {
      throw new AppError('unknown_webhook', `No webhook ${c.req.path}`, 404);
    }
    const rawBody = new Uint8Array(await c.req.arrayBuffer());
    const headers = Object.fromEntries(c.req.raw.headers.entries());
    const verified = await provider.verifyNotification({
      route,
      rawBody,
      headers,
      sourceIp: callerAddress(c, deps.config.rateLimits.trustedProxyHops),
    });
    if (!verified.ok) {
      const refusal = REFUSALS[verified.reason];
      throw new AppError(refusal.code, verified.message, refusal.status);
    }
    const { notification } = verified;
    const reply = (decision?: Parameters<typeof provider.acknowledgeNotification>[1]) => {
      const r = provider.acknowledgeNotification(notification, decision);
      return c.body(r.body, r.status as 200, r.headers);
    };
    if (notification.action === 'payment_check') return reply(await decideCheck(db, notification, now()));

    const at = { provider: provider.name, route };
    const row = await takeIntoInbox(db, deps.config.inboxEncryptionKey, at, notification, rawBody);
    if (!row) return reply();
    // An unsigned body proves nothing, so the first one with a key cannot stand for a later one (a forger's may have
    // come first): every delivery is looked up again; a lookup changes only what the acquirer shows, once.
    if (row.processedAt && verified.authenticity === 'signed') return reply();
    try {
      const routed: AcquirerRouteDeps = { ...deps, provider };
      if (verified.authenticity === 'unsigned') await lookUpUnsignedNotification(routed, notification, row.id);
      else await SIGNED_DELIVERY[notification.action](routed, notification, row.id, now());
    } catch (error) {
      // Not acknowledged: the acquirer redelivers and we try again; the row tells operators what went wrong.
      logger.error({ err: error, inboxId: row.id, route }, 'webhook not delivered to its workflow');
      await markInbox(db, row.id, { error });
      throw error;
    }
    await markInbox(db, row.id, { processedAt: now() });
    return reply();
  });
}
