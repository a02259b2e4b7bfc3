import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../db/create-db.js';
import { idempotencyKeys } from '../db/schema/index.js';
import { ConflictError, ValidationError } from '../domain/errors.js';

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** Canonical JSON (sorted keys), so the same body in another key order is the same request. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export const requestHash = (body: unknown) => createHash('sha256').update(canonical(body)).digest('hex');

export function requireIdempotencyKey(header: string | undefined): string {
  if (!header || !KEY_PATTERN.test(header)) {
    throw new ValidationError('An Idempotency-Key header (1-255 visible ASCII characters) is required', {
      fields: [{ path: 'header.idempotency-key', message: header ? 'invalid format' : 'required' }],
    });
  }
  return header;
}

export interface StoredResponse {
  status: number;
  body: unknown;
}

/**
 * Runs `operation` at most once per (scope, key) to completion: the same key and body replay the stored response;
 * the same key with another body is 409 `idempotency_key_reused`. An interrupted first try is simply run again,
 * so `operation` must itself be idempotent (ours derive every id from the key).
 */
export async function withIdempotency(
  db: Database,
  scope: string,
  key: string,
  body: unknown,
  operation: () => Promise<StoredResponse>,
): Promise<StoredResponse> {
  const hash = requestHash(body);
  await db.insert(idempotencyKeys).values({ scope, key, requestHash: hash }).onConflictDoNothing();
  const [record] = await db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
  if (record && record.requestHash !== hash) {
    throw new ConflictError('idempotency_key_reused', 'This Idempotency-Key was used with a different request body', {
      key,
    });
  }
  if (record?.responseStatus) return { status: record.responseStatus, body: record.responseBody };
  const response = await operation();
  if (response.status < 500) {
    await db
      .update(idempotencyKeys)
      .set({ responseStatus: response.status, responseBody: response.body })
      .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
  }
  return response;
}
