import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';
import { AppError, type ErrorDetails } from '../domain/errors.js';
import type { Logger } from '../observability/logger.js';

export function errorBody(code: string, message: string, details: ErrorDetails = {}) {
  return { error: { code, message, details } };
}

export function validationFailed(c: Context, error: ZodError, target: string, status: 400 | 422 = 400) {
  const fields = error.issues.map((i) => ({ path: [target, ...i.path.map(String)].join('.'), message: i.message }));
  return c.json(errorBody('validation_failed', 'The request is not valid', { fields }), status);
}

const HTTP_CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'too_many_requests',
};

/** Maps every thrown error to the contract's error body; unexpected ones become a 500 with no internals. */
export function createErrorHandler(logger: Logger) {
  return (err: Error, c: Context) => {
    if (err instanceof AppError) {
      return c.json(errorBody(err.code, err.message, err.details), err.status as ContentfulStatusCode);
    }
    if (err instanceof HTTPException) {
      const status = err.status as ContentfulStatusCode;
      if (status === 400 && /malformed json/i.test(err.message)) {
        return c.json(errorBody('malformed_json', 'The request body is not valid JSON'), 400);
      }
      return c.json(errorBody(HTTP_CODES[status] ?? 'http_error', err.message || 'Request failed'), status);
    }
    logger.error({ err, method: c.req.method, path: c.req.path }, 'unhandled error');
    return c.json(errorBody('internal_error', 'Something went wrong on our side; it has been logged'), 500);
  };
}
