// CloudPayments notification signatures: HMAC-SHA256 (key = API Secret) in base64, `Content-HMAC` over the raw
// bytes and `X-Content-HMAC` over their URL-decoded text; verified before anything is parsed.
import { createHmac, timingSafeEqual } from 'node:crypto';

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

/** A header by name, whatever the case of the map's keys. */
export function header(headers: Record<string, string | undefined>, name: string): string | undefined {
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
