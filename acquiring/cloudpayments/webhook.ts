// CloudPayments notifications: HMAC-SHA256 (key = API Secret) in base64, verified over the raw bytes
// before anything is parsed; then form-urlencoded or JSON bodies are parsed into typed payloads.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { CheckDecision, WebhookEvent, WebhookKind, WebhookReply, WebhookVerification } from '../provider.js';
import { WEBHOOK_KINDS } from '../provider.js';
import { CHECK_REPLY_CODES, declineFor, jsonDataField, paymentIdFromData, toMinorUnits } from './mapper.js';
import { kindsOfNotificationBody } from './notification-kind.js';
import { type WebhookPayloads, webhookPayloadSchemas } from './schemas.js';

export function signCloudPayments(secret: string, message: Uint8Array | string): string {
  return createHmac('sha256', Buffer.from(secret, 'utf8')).update(message).digest('base64');
}

export type NotificationFields = Record<string, string | number | boolean | null | undefined>;

/** A notification as CloudPayments sends it: form-urlencoded (default) or JSON, with both signature headers. */
export function encodeCloudPaymentsNotification(
  fields: NotificationFields,
  secret: string,
  format: 'form' | 'json' = 'form',
) {
  const pairs = Object.entries(fields).filter(
    (entry): entry is [string, string | number | boolean] => entry[1] !== undefined && entry[1] !== null,
  );
  if (format === 'json') {
    const body = JSON.stringify(Object.fromEntries(pairs));
    const signature = signCloudPayments(secret, Buffer.from(body, 'utf8'));
    return {
      body,
      headers: { 'content-type': 'application/json', 'content-hmac': signature, 'x-content-hmac': signature },
    };
  }
  const body = new URLSearchParams(pairs.map(([k, v]): [string, string] => [k, String(v)])).toString();
  const decoded = pairs.map(([k, v]) => `${k}=${String(v)}`).join('&');
  return {
    body,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'content-hmac': signCloudPayments(secret, Buffer.from(body, 'utf8')),
      'x-content-hmac': signCloudPayments(secret, Buffer.from(decoded, 'utf8')),
    },
  };
}

/** The URL-decoded parameter string `X-Content-HMAC` is computed over (`+` is a space, then %-decoding). */
export function decodedForSignature(rawBody: Uint8Array): string {
  const text = Buffer.from(rawBody).toString('utf8');
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

function safeEqual(expected: string, given: string | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given.trim(), 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

export type SignatureHeader = 'content-hmac' | 'x-content-hmac';

/** Checks one header: `Content-HMAC` over the raw bytes, `X-Content-HMAC` over their decoded form. */
export function verifySignatureHeader(
  secret: string,
  rawBody: Uint8Array,
  header: SignatureHeader,
  value: string | undefined,
): boolean {
  const message = header === 'content-hmac' ? rawBody : Buffer.from(decodedForSignature(rawBody), 'utf8');
  return safeEqual(signCloudPayments(secret, message), value);
}

function header(headers: Record<string, string | undefined>, name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

/**
 * `X-Content-HMAC` signs the decoded text, and decoding loses information (`%26` and `&` decode alike), so on its own
 * it binds the fields we read only when the raw body splits into exactly the pairs the signed text does.
 */
function decodedTextReadsAsBody(rawBody: Uint8Array): boolean {
  const text = Buffer.from(rawBody).toString('utf8');
  if (text.trimStart().startsWith('{')) return decodedForSignature(rawBody) === text;
  const signed = decodedForSignature(rawBody)
    .split('&')
    .map((pair) => {
      const at = pair.indexOf('=');
      return at < 0 ? [pair, ''] : [pair.slice(0, at), pair.slice(at + 1)];
    });
  const parsed = [...new URLSearchParams(text)];
  return JSON.stringify(signed) === JSON.stringify(parsed);
}

/**
 * One unambiguous signature or none: a header sent twice (joined with a comma) is refused; when both headers come,
 * both must verify; `Content-HMAC` alone verifies the exact bytes; `X-Content-HMAC` alone is accepted only when the
 * decoded text it signs reads as the same fields as the raw body.
 */
export function verifyCloudPaymentsSignature(
  secret: string,
  rawBody: Uint8Array,
  headers: Record<string, string | undefined>,
): boolean {
  const content = header(headers, 'content-hmac');
  const decoded = header(headers, 'x-content-hmac');
  if ([content, decoded].some((value) => value?.includes(','))) return false;
  if (content === undefined && decoded === undefined) return false;
  if (content !== undefined && !verifySignatureHeader(secret, rawBody, 'content-hmac', content)) return false;
  if (decoded === undefined) return true;
  if (!verifySignatureHeader(secret, rawBody, 'x-content-hmac', decoded)) return false;
  return content !== undefined || decodedTextReadsAsBody(rawBody);
}

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
