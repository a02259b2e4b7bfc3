import { createHash, randomUUID } from 'node:crypto';
import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Database } from '../db/create-db.js';
import { keyExpiryCutoff } from '../db/idempotency-keys.js';
import { idempotencyKeys } from '../db/schema/index.js';
import { ConflictError, ValidationError } from '../domain/errors.js';

/** The request header (Hono reads headers lower-cased). */
export const READ_KEY = 'idempotency-key';
export const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
/** Set to `true` on every answer that is a replay of a stored one, never on a first answer. */
export const REPLAYED_HEADER = 'Idempotent-Replayed';

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

/** The header's value when it is well-formed, undefined when absent; a malformed one is 400. */
export function readIdempotencyKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (!KEY_PATTERN.test(header)) {
    throw new ValidationError('An Idempotency-Key header must be 1-255 visible ASCII characters', {
      fields: [{ path: 'header.idempotency-key', message: 'invalid format' }],
    });
  }
  return header;
}

export function requireIdempotencyKey(header: string | undefined): string {
  const key = readIdempotencyKey(header);
  if (key === undefined) {
    throw new ValidationError('An Idempotency-Key header (1-255 visible ASCII characters) is required', {
      fields: [{ path: 'header.idempotency-key', message: 'required' }],
    });
  }
  return key;
}

/** A caller's keys are theirs alone, and a key means one thing per route: `<caller>:<METHOD> <path>`. */
export const idempotencyScope = (callerId: string, method: string, path: string) => `${callerId}:${method} ${path}`;

export interface StoredResponse {
  status: number;
  body: unknown;
}

export interface IdempotentResponse extends StoredResponse {
  replayed: boolean;
}

export interface IdempotencyRequest {
  /** Whose key and for which route: `<caller>:<METHOD> <path>`; one caller's key never answers another. */
  scope: string;
  key: string;
  body: unknown;
  ttlSeconds: number;
  now: Date;
}

/**
 * Runs `operation` at most once per (scope, key) to completion: the same key and body replay the stored response;
 * the same key with another body is 409 `idempotency_key_reused`; a key older than `ttlSeconds` is forgotten first,
 * so it starts a new operation even before the purge removes it. An interrupted first try is simply run again, so
 * `operation` must itself be idempotent: ids it derives must come from `operationKey` (stable for one use of the
 * key, different after the key expired).
 */
export async function withIdempotency(
  db: Database,
  request: IdempotencyRequest,
  operation: (operationKey: string) => Promise<StoredResponse>,
): Promise<IdempotentResponse> {
  const { scope, key, now } = request;
  const hash = requestHash(request.body);
  const thisKey = and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key));
  // One statement on the first use of a key (every checkout pays for it): a new key is inserted, an expired one is
  // taken over as if new; a live one is left alone and read below (a replay, or a concurrent first try).
  const [claimed] = await db
    .insert(idempotencyKeys)
    .values({ scope, key, requestHash: hash, operationToken: randomUUID(), createdAt: now })
    .onConflictDoUpdate({
      target: [idempotencyKeys.scope, idempotencyKeys.key],
      set: {
        requestHash: sql`excluded.request_hash`,
        operationToken: sql`excluded.operation_token`,
        createdAt: sql`excluded.created_at`,
        responseStatus: null,
        responseBody: null,
      },
      setWhere: lt(idempotencyKeys.createdAt, keyExpiryCutoff(request.now, request.ttlSeconds)),
    })
    .returning();
  const [record] = claimed ? [claimed] : await db.select().from(idempotencyKeys).where(thisKey);
  if (!record) throw new Error(`idempotency key ${scope} was not recorded`);
  if (record.requestHash !== hash) {
    throw new ConflictError('idempotency_key_reused', 'This Idempotency-Key was used with a different request body', {
      key,
    });
  }
  if (record.responseStatus) return { status: record.responseStatus, body: record.responseBody, replayed: true };
  const response = await operation(record.operationToken ? `${key}\n${record.operationToken}` : key);
  if (response.status >= 500) return { ...response, replayed: false };
  // The first answer stored wins: a concurrent first try that finished earlier is what every replay repeats.
  const [stored] = await db
    .update(idempotencyKeys)
    .set({ responseStatus: response.status, responseBody: response.body })
    .where(and(thisKey, isNull(idempotencyKeys.responseStatus)))
    .returning();
  if (stored) return { ...response, replayed: false };
  const [first] = await db.select().from(idempotencyKeys).where(thisKey);
  return first?.responseStatus
    ? { status: first.responseStatus, body: first.responseBody, replayed: true }
    : { ...response, replayed: false };
}
