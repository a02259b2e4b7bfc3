import type { Context } from 'hono';
import type { AppDeps, AppEnv } from './app-env.js';
import {
  type IdempotentResponse,
  idempotencyScope,
  READ_KEY,
  REPLAYED_HEADER,
  readIdempotencyKey,
  requireIdempotencyKey,
  type StoredResponse,
  withIdempotency,
} from './idempotency.js';

export interface IdempotentCall {
  /** The request's body as validated; the same key with another body is 409 `idempotency_key_reused`. */
  body: unknown;
  /** Routes that create something require the header; the others take it when the caller sends one. */
  required?: boolean;
}

/**
 * What a POST handler wraps its work in: without an `Idempotency-Key` (where optional) it just runs; with one, the
 * first answer is stored under the caller and this route (method and path), and a replay answers it again with
 * `Idempotent-Replayed: true`. `operation` gets the key to derive ids from (see withIdempotency).
 */
export function createIdempotentRoutes({ db, config, now }: Pick<AppDeps, 'db' | 'config' | 'now'>) {
  return async function idempotent(
    c: Context<AppEnv>,
    { body, required = false }: IdempotentCall,
    operation: (operationKey: string) => Promise<StoredResponse>,
  ): Promise<IdempotentResponse> {
    const header = c.req.header(READ_KEY);
    const key = required ? requireIdempotencyKey(header) : readIdempotencyKey(header);
    if (key === undefined) return { ...(await operation('')), replayed: false };
    const scope = idempotencyScope(c.get('principal').userId, c.req.method, c.req.path);
    const ttlSeconds = config.idempotency.keyTtlSeconds;
    const result = await withIdempotency(db, { scope, key, body, ttlSeconds, now: now?.() ?? new Date() }, operation);
    if (result.replayed) c.header(REPLAYED_HEADER, 'true');
    return result;
  };
}

export type Idempotent = ReturnType<typeof createIdempotentRoutes>;
