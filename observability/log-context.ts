// What every log line says about where it comes from: the active trace and span (OpenTelemetry's context) and the
// id the API gave the request being served. Read by the loggers' mixin (logger.ts), written by api/request-context.ts.
import { type Context, context, createContextKey, isSpanContextValid, trace } from '@opentelemetry/api';

const REQUEST_ID = createContextKey('movix.request_id');

export interface LogContext {
  traceId?: string;
  spanId?: string;
  requestId?: string;
}

export const withRequestId = (parent: Context, requestId: string): Context => parent.setValue(REQUEST_ID, requestId);

/** The ids of the active context; empty outside any request, trace or activity (and when no context manager runs). */
export function currentLogContext(): LogContext {
  const active = context.active();
  const fields: LogContext = {};
  const span = trace.getSpanContext(active);
  if (span && isSpanContextValid(span)) {
    fields.traceId = span.traceId;
    fields.spanId = span.spanId;
  }
  const requestId = active.getValue(REQUEST_ID);
  if (typeof requestId === 'string') fields.requestId = requestId;
  return fields;
}
