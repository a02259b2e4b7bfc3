import { z } from '@hono/zod-openapi';

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'validation_failed' }),
      message: z.string(),
      details: z.record(z.string(), z.unknown()),
    }),
  })
  .openapi('Error', {
    example: {
      error: {
        code: 'validation_failed',
        message: 'The request is not valid',
        details: { fields: [{ path: 'query.limit', message: 'Too big: expected number to be <=500' }] },
      },
    },
  });

export const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: ErrorSchema } },
});

/** Responses every authenticated route can give. */
export const authErrors = {
  400: errorResponse('Malformed JSON or invalid input (`validation_failed`)'),
  401: errorResponse('Missing or invalid bearer token'),
};

export const adminErrors = { ...authErrors, 403: errorResponse('The caller is not an admin') };

/** What a request sent to a subscription's workflow may answer besides its own outcome (api/workflow-answer.ts). */
export const STILL_PROCESSING =
  '`still_processing`: the workflow has not answered in WORKFLOW_ANSWER_TIMEOUT_SECONDS (an upgrade waits on its charge); the request goes on by itself: read the subscription, or repeat with the same Idempotency-Key to wait again';
export const SUBSCRIPTION_BUSY = '`subscription_busy`: too many requests to this subscription at once; try again';

/** The answer of a rate-limited route past its limit (api/rate-limit-policy.ts). */
export const rateLimitedError = {
  429: {
    ...errorResponse('`rate_limited`: too many requests from this user or address; try again after `Retry-After`'),
    headers: {
      'Retry-After': {
        description: 'Seconds to wait before the next request can pass',
        schema: { type: 'integer' as const, minimum: 1 },
      },
    },
  },
};
