import { randomUUID } from 'node:crypto';
import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { containsCardNumber } from '../domain/card-number.js';
import { withRequestId } from '../observability/log-context.js';

export const REQUEST_ID_HEADER = 'x-request-id';
const TRACER = 'movix-billing/api';

/** A caller's own id is kept when it is a plain token (a proxy's, a client's); anything else is replaced. */
export const REQUEST_ID_PATTERN = '^[A-Za-z0-9._:-]{1,128}$';
const REQUEST_ID = new RegExp(REQUEST_ID_PATTERN);
const acceptable = (id: string | undefined): id is string =>
  id !== undefined && REQUEST_ID.test(id) && !containsCardNumber(id);

/**
 * The first middleware: each request gets an id (the caller's `X-Request-Id` or a new one, echoed in the answer) and a
 * server span, child of the caller's `traceparent` when it sends one. Both are active while the request is served,
 * so every log line written for it carries them (observability/log-context.ts) and the Temporal calls it makes carry
 * the trace on to the workflow. The span names the route pattern, never the path's ids or the query.
 */
export function requestContext(): MiddlewareHandler {
  return async (c, next) => {
    const incoming = c.req.header(REQUEST_ID_HEADER);
    const requestId = acceptable(incoming) ? incoming : randomUUID();
    const parent = propagation.extract(context.active(), c.req.raw.headers, {
      get: (headers, key) => headers.get(key) ?? undefined,
      keys: (headers) => [...headers.keys()],
    });
    const tracer = trace.getTracer(TRACER);
    const span = tracer.startSpan(
      c.req.method,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': c.req.method, 'billing.request_id': requestId } },
      parent,
    );
    try {
      await context.with(withRequestId(trace.setSpan(parent, span), requestId), next);
    } finally {
      const route = routePath(c, -1);
      if (route && route !== '*' && route !== '/*') {
        span.setAttribute('http.route', route);
        span.updateName(`${c.req.method} ${route}`);
      }
      span.setAttribute('http.response.status_code', c.res.status);
      if (c.res.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
      c.header('X-Request-Id', requestId);
    }
  };
}
