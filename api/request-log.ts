import type { MiddlewareHandler } from 'hono';
import { containsCardNumber } from '../domain/card-number.js';
import type { Logger } from '../observability/logger.js';

/**
 * One debug line per request: method, path, status, duration. Never headers, query or body, so a bearer token, a
 * signature or a card token cannot reach the log through it.
 */
export function requestLog(logger: Logger): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    await next();
    logger.debug(
      {
        method: c.req.method,
        path: containsCardNumber(c.req.path) ? '[withheld]' : c.req.path,
        status: c.res.status,
        ms: Math.round(performance.now() - started),
      },
      'request',
    );
  };
}
