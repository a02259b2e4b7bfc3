// CloudPayments notifications: the signature is checked first (signature.ts); then form-urlencoded or JSON bodies
// are parsed, the kinds a body can be are compared with its route, and the payload becomes our action.
import type {
  AcquirerNotification,
  CheckDecision,
  NotificationRequest,
  NotificationVerification,
  WebhookReply,
} from '../provider.js';
import { CHECK_REPLY_CODES } from './mapper.js';
import { isCloudPaymentsRoute, kindsOfNotificationBody } from './notification-kind.js';
import { normaliseNotification } from './notification-mapper.js';
import { type WebhookPayloads, webhookPayloadSchemas } from './schemas.js';
import { header, verifyCloudPaymentsSignature } from './signature.js';

export function parseNotificationBody(rawBody: Uint8Array, contentType: string | undefined): Record<string, unknown> {
  const text = Buffer.from(rawBody).toString('utf8');
  const isJson = contentType?.toLowerCase().includes('json') ?? text.trimStart().startsWith('{');
  if (isJson) {
    const value: unknown = JSON.parse(text);
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('JSON body is not an object');
    return value as Record<string, unknown>;
  }
  return Object.fromEntries(new URLSearchParams(text));
}

export function verifyCloudPaymentsNotification(
  secret: string,
  request: NotificationRequest,
): NotificationVerification {
  if (!isCloudPaymentsRoute(request.route.toLowerCase())) return readCloudPaymentsNotification(request);
  if (!verifyCloudPaymentsSignature(secret, request.rawBody, request.headers)) {
    return { ok: false, reason: 'bad_signature', message: 'Content-HMAC does not match the body' };
  }
  return readCloudPaymentsNotification(request);
}

/** Parses and normalises a notification whose origin is settled (or, `authenticity: 'unsigned'`, not proven). */
export function readCloudPaymentsNotification(
  request: NotificationRequest,
  authenticity: 'signed' | 'unsigned' = 'signed',
): NotificationVerification {
  const route = request.route.toLowerCase();
  if (!isCloudPaymentsRoute(route)) {
    return { ok: false, reason: 'unknown_route', message: `Unknown notification route ${request.route}` };
  }
  let body: Record<string, unknown>;
  try {
    body = parseNotificationBody(request.rawBody, header(request.headers, 'content-type'));
  } catch (error) {
    return { ok: false, reason: 'malformed', message: error instanceof Error ? error.message : String(error) };
  }
  // A signed body proves only what it is: posted to another kind's route, it proves nothing there.
  const kinds = kindsOfNotificationBody(body);
  if (!kinds.includes(route)) {
    const shown = kinds.join(' or ') || 'no notification we take';
    return { ok: false, reason: 'route_mismatch', message: `The body is ${shown}, not ${route}` };
  }
  const parsed = webhookPayloadSchemas[route].safeParse(body);
  if (!parsed.success) return { ok: false, reason: 'malformed', message: parsed.error.message };
  try {
    const notification = normaliseNotification(route, parsed.data as WebhookPayloads[typeof route]);
    return { ok: true, notification, authenticity };
  } catch (error) {
    return { ok: false, reason: 'malformed', message: error instanceof Error ? error.message : String(error) };
  }
}

/** CloudPayments expects `{"code":0}`; for Check the code says whether the payment may proceed. */
export function cloudPaymentsReply(
  notification: Pick<AcquirerNotification, 'action'>,
  decision: CheckDecision = 'accept',
): WebhookReply {
  const code = notification.action === 'payment_check' ? CHECK_REPLY_CODES[decision] : 0;
  return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) };
}
