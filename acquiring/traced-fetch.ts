// Every HTTP call to an acquirer as a client span, child of the activity (or API request) that makes it. The span
// names the acquirer, method, host and path and the answer's status: never a header or a body (they carry
// credentials, card tokens and cryptograms). The W3C traceparent is not sent: acquirers have no use for it.
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';

const TRACER = 'movix-billing/acquiring';

/** `fetch` (the given one, else the global one at call time) wrapped in a client span named `<acquirer> <METHOD>`. */
export function tracedFetch(acquirer: string, inner?: typeof fetch): typeof fetch {
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    const tracer = trace.getTracer(TRACER);
    return tracer.startActiveSpan(`${acquirer} ${method}`, { kind: SpanKind.CLIENT }, async (span) => {
      span.setAttributes({
        'billing.acquirer': acquirer,
        'http.request.method': method,
        'server.address': url.hostname,
        'url.path': url.pathname,
      });
      try {
        const response = await (inner ?? fetch)(input, init);
        span.setAttribute('http.response.status_code', response.status);
        if (response.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        return response;
      } catch (error) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : 'fetch failed' });
        throw error;
      } finally {
        span.end();
      }
    });
  };
}
