// CloudPayments notifications: the signature is checked first (signature.ts); then form-urlencoded or JSON bodies
// are parsed into typed payloads, and the kinds a body can be are compared with its route.
import type { CheckDecision, WebhookEvent, WebhookKind, WebhookReply, WebhookVerification } from '../provider.js';
import { WEBHOOK_KINDS } from '../provider.js';
import { CHECK_REPLY_CODES, declineFor, jsonDataField, paymentIdFromData, toMinorUnits } from './mapper.js';
import { kindsOfNotificationBody } from './notification-kind.js';
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

function isKind(kind: string): kind is WebhookKind {
  return (WEBHOOK_KINDS as readonly string[]).includes(kind);
}

export function normaliseNotification<K extends WebhookKind>(kind: K, payload: WebhookPayloads[K]): WebhookEvent {
  if (kind === 'recurrent') {
    const p = payload as WebhookPayloads['recurrent'];
    return {
      kind,
      providerTransactionId: p.Id,
      subscriptionId: p.Id,
      accountId: p.AccountId,
      dedupeKey: `recurrent:${p.Id}:${p.Status}`,
      raw: p,
    };
  }
  if (kind === 'refund') {
    const p = payload as WebhookPayloads['refund'];
    return {
      kind,
      providerTransactionId: p.TransactionId,
      paymentTransactionId: p.PaymentTransactionId,
      invoiceId: p.InvoiceId,
      accountId: p.AccountId,
      paymentId: paymentIdFromData(p.Data),
      refundId: jsonDataField(p.Data, 'refundId'),
      amount: toMinorUnits(p.Amount, typeof p.Currency === 'string' ? p.Currency : 'RUB'),
      currency: typeof p.Currency === 'string' ? p.Currency : undefined,
      dedupeKey: `refund:${p.TransactionId}`,
      raw: p,
    };
  }
  const p = payload as WebhookPayloads['pay'] & Partial<WebhookPayloads['fail']>;
  const currency = 'Currency' in p && typeof p.Currency === 'string' ? p.Currency : 'RUB';
  const state =
    kind === 'pay' || kind === 'check'
      ? p.Status === 'Authorized'
        ? 'authorized'
        : 'captured'
      : kind === 'confirm'
        ? 'captured'
        : kind === 'cancel'
          ? 'cancelled'
          : 'declined';
  return {
    kind,
    providerTransactionId: p.TransactionId,
    invoiceId: p.InvoiceId,
    accountId: p.AccountId,
    paymentId: paymentIdFromData(p.Data),
    amount: toMinorUnits(p.Amount, currency),
    currency,
    state,
    token: p.Token,
    cardLastFour: p.CardLastFour,
    subscriptionId: p.SubscriptionId,
    testMode: p.TestMode,
    decline: kind === 'fail' ? declineFor(p.ReasonCode ?? 0, p.Reason, p.CardHolderMessage) : undefined,
    dedupeKey: `${kind}:${p.TransactionId}`,
    raw: p,
  };
}

export function verifyCloudPaymentsNotification(
  secret: string,
  request: { kind: string; rawBody: Uint8Array; headers: Record<string, string | undefined> },
): WebhookVerification {
  const kind = request.kind.toLowerCase();
  if (!isKind(kind)) return { ok: false, reason: 'unknown_kind', message: `Unknown notification kind ${request.kind}` };
  if (!verifyCloudPaymentsSignature(secret, request.rawBody, request.headers)) {
    return { ok: false, reason: 'bad_signature', message: 'Content-HMAC does not match the body' };
  }
  let body: Record<string, unknown>;
  try {
    body = parseNotificationBody(request.rawBody, header(request.headers, 'content-type'));
  } catch (error) {
    return { ok: false, reason: 'malformed', message: error instanceof Error ? error.message : String(error) };
  }
  const parsed = webhookPayloadSchemas[kind].safeParse(body);
  if (!parsed.success) return { ok: false, reason: 'malformed', message: parsed.error.message };
  try {
    const event = normaliseNotification(kind, parsed.data as WebhookPayloads[typeof kind]);
    return { ok: true, event, proves: kindsOfNotificationBody(body) };
  } catch (error) {
    return { ok: false, reason: 'malformed', message: error instanceof Error ? error.message : String(error) };
  }
}

/** CloudPayments expects `{"code":0}`; for Check the code says whether the payment may proceed. */
export function cloudPaymentsReply(
  event: Pick<WebhookEvent, 'kind'>,
  decision: CheckDecision = 'accept',
): WebhookReply {
  const code = event.kind === 'check' ? CHECK_REPLY_CODES[decision] : 0;
  return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) };
}
