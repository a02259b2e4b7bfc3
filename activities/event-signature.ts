import { createHmac } from 'node:crypto';

/**
 * `Billing-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`, one `v1=` per secret (the
 * current one first), so receivers can rotate secrets without dropping events.
 */
export function billingSignature(secrets: readonly string[], rawBody: string, unixSeconds: number): string {
  const signed = `${unixSeconds}.${rawBody}`;
  const values = secrets.map((secret) => `v1=${createHmac('sha256', secret).update(signed).digest('hex')}`);
  return [`t=${unixSeconds}`, ...values].join(',');
}
