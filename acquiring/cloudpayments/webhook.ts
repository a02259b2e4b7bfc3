// CloudPayments notifications: the signature is checked first (signature.ts); then form-urlencoded or JSON bodies
// are parsed, the kinds a body can be are compared with its route, and the payload becomes our action.
import type {
  AcquirerNotification,
  CheckDecision,
  NotificationAction,
  NotificationRequest,
  NotificationVerification,
  PaymentState,
  WebhookReply,
} from '../provider.js';
import { CHECK_REPLY_CODES, declineFor, jsonDataField, paymentIdFromData, toMinorUnits } from './mapper.js';
import { type CloudPaymentsRoute, isCloudPaymentsRoute, kindsOfNotificationBody } from './notification-kind.js';
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

type PaymentPayload = WebhookPayloads['check' | 'pay' | 'fail' | 'confirm' | 'cancel'];
const holdOrCapture = (status: string | undefined): 'authorized' | 'captured' =>
  status === 'Authorized' ? 'authorized' : 'captured';

/** What each route's notification says about a payment: our action and the state it leaves the payment in. */
const PAYMENT_ROUTES: Record<
  Exclude<CloudPaymentsRoute, 'refund' | 'recurrent'>,
  (status: string | undefined) => { action: NotificationAction; state: PaymentState }
> = {
  check: (status) => ({ action: 'payment_check', state: holdOrCapture(status) }),
  pay: (status) =>
    holdOrCapture(status) === 'authorized'
      ? { action: 'payment_authorized', state: 'authorized' }
      : { action: 'payment_captured', state: 'captured' },
  confirm: () => ({ action: 'payment_captured', state: 'captured' }),
  fail: () => ({ action: 'payment_declined', state: 'declined' }),
  cancel: () => ({ action: 'payment_voided', state: 'cancelled' }),
};

function paymentNotification(route: keyof typeof PAYMENT_ROUTES, payload: PaymentPayload): AcquirerNotification {
  // Loose wire objects: a cancel carries fewer fields than a pay, so each is read if present.
  const p = payload as WebhookPayloads['pay'] & Partial<WebhookPayloads['fail']>;
  const { action, state } = PAYMENT_ROUTES[route](p.Status);
  // A cancel names no currency; its amount is read with RUB's two decimals and `currency` stays unset.
  const currency = typeof p.Currency === 'string' ? p.Currency : undefined;
  return {
    action,
    providerTransactionId: p.TransactionId,
    invoiceId: p.InvoiceId,
    accountId: p.AccountId,
    paymentId: paymentIdFromData(p.Data),
    amount: toMinorUnits(p.Amount, currency ?? 'RUB'),
    currency,
    state,
    token: p.Token,
    cardLastFour: p.CardLastFour,
    subscriptionId: p.SubscriptionId,
    testMode: p.TestMode,
    decline: route === 'fail' ? declineFor(p.ReasonCode ?? 0, p.Reason, p.CardHolderMessage) : undefined,
    dedupeKey: `${route}:${p.TransactionId}`,
    raw: p,
  };
}

export function normaliseNotification<K extends CloudPaymentsRoute>(
  route: K,
  payload: WebhookPayloads[K],
): AcquirerNotification {
  if (route === 'recurrent') {
    const p = payload as WebhookPayloads['recurrent'];
    return {
      action: 'ignored',
      providerTransactionId: p.Id,
      subscriptionId: p.Id,
      accountId: p.AccountId,
      dedupeKey: `recurrent:${p.Id}:${p.Status}`,
      raw: p,
    };
  }
  if (route === 'refund') {
    const p = payload as WebhookPayloads['refund'];
    // A refund notification names no currency: read as above.
    const currency = typeof p.Currency === 'string' ? p.Currency : undefined;
    return {
      action: 'refund_succeeded',
      providerTransactionId: p.TransactionId,
      paymentTransactionId: p.PaymentTransactionId,
      invoiceId: p.InvoiceId,
      accountId: p.AccountId,
      paymentId: paymentIdFromData(p.Data),
      refundId: jsonDataField(p.Data, 'refundId'),
      amount: toMinorUnits(p.Amount, currency ?? 'RUB'),
      currency,
      dedupeKey: `refund:${p.TransactionId}`,
      raw: p,
    };
  }
  return paymentNotification(route as keyof typeof PAYMENT_ROUTES, payload as PaymentPayload);
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
