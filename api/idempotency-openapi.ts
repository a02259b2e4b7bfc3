// How the Idempotency-Key contract reads in /openapi.json: the request header and the replay marker on answers.
import { z } from '@hono/zod-openapi';
import { KEY_PATTERN, REPLAYED_HEADER } from './idempotency.js';

const KEY_DESCRIPTION =
  'The same key and body within `IDEMPOTENCY_KEY_TTL_SECONDS` (default 1 day) replay the first answer, with ' +
  '`Idempotent-Replayed: true`; the same key with another body is 409 `idempotency_key_reused`. Keys are scoped ' +
  'to the caller and the route; an expired key starts a new operation.';

/** The request's headers: `Idempotency-Key`, required or optional (1-255 visible ASCII characters). */
export const idempotencyHeaders = (required: boolean) => {
  const key = z.string().regex(KEY_PATTERN);
  return z.object({
    'idempotency-key': (required ? key : key.optional()).openapi({
      description: `${required ? 'Required' : 'Optional'}. ${KEY_DESCRIPTION}`,
    }),
  });
};

/** The answer's headers on a route taking `Idempotency-Key`. */
export const replayHeaders = {
  [REPLAYED_HEADER]: {
    description: '`true` when this answer replays the first one stored for the Idempotency-Key; absent otherwise',
    schema: { type: 'string' as const, enum: ['true'] },
  },
};

/** 409 text for routes taking the key. */
export const KEY_REUSED = '`idempotency_key_reused`: this Idempotency-Key was used with another body';
