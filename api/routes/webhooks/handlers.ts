import type { NotificationVerification, PaymentProvider } from '../../../acquiring/provider.js';
import { AcquirerNotConfigured } from '../../../acquiring/registry.js';
import { AppError } from '../../../domain/errors.js';
import type { App, AppDeps } from '../../app-env.js';
import { callerAddress } from '../../client-ip.js';
import { decideCheck } from './check-decision.js';
import { takeIntoInbox } from './inbox.js';
import { acquirerWebhook } from './routes.js';

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
 * nothing) and is answered: that row is the durable part. Delivery follows from the inbox (inbox-relay.ts): payment
 * outcomes become signals to the subscription's workflow once they are shown to be our invoice's
 * (payment-delivery.ts). Only `check` is answered from our books, synchronously.
 */
export function registerWebhookRoutes(app: App, deps: AppDeps) {
  const { db, now = () => new Date() } = deps;
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
      // Labelled with a configured name only: whatever a stranger puts in the path never becomes a series.
      deps.metrics?.webhookRejected(provider?.name ?? 'unknown', 'unknown_route');
      throw new AppError('unknown_webhook', `No webhook ${c.req.path}`, 404);
    }
    deps.metrics?.webhookReceived(provider.name);
    const rawBody = new Uint8Array(await c.req.arrayBuffer());
    const headers = Object.fromEntries(c.req.raw.headers.entries());
    const verified = await provider.verifyNotification({
      route,
      rawBody,
      headers,
      sourceIp: callerAddress(c, deps.config.rateLimits.trustedProxyHops),
    });
    if (!verified.ok) {
      deps.metrics?.webhookRejected(provider.name, verified.reason);
      const refusal = REFUSALS[verified.reason];
      throw new AppError(refusal.code, verified.message, refusal.status);
    }
    const { notification } = verified;
    const reply = (decision?: Parameters<typeof provider.acknowledgeNotification>[1]) => {
      const r = provider.acknowledgeNotification(notification, decision);
      return c.body(r.body, r.status as 200, r.headers);
    };
    if (notification.action === 'payment_check') return reply(await decideCheck(db, notification, now()));

    const at = { provider: provider.name, route, authenticity: verified.authenticity };
    const stored = await takeIntoInbox(db, deps.config.inboxEncryptionKey, at, notification, rawBody);
    if (stored) deps.inboxRelay?.wake();
    else deps.metrics?.webhookDuplicate(provider.name);
    return reply();
  });
}
