// OpenTelemetry for one process: a tracer provider that exports over OTLP/HTTP when a collector is configured.
// Spans reach it through OpenTelemetry's global API (the Temporal interceptors, the API's request spans, the acquirer
// calls), so an entry point registers it once (`registerTracing`); tests register their own with an in-memory exporter.
import { context, propagation, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  ParentBasedSampler,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

export interface TracingOptions {
  /** `movix-billing-api` or `movix-billing-worker` unless OTEL_SERVICE_NAME says otherwise. */
  serviceName: string;
  /** OTEL_EXPORTER_OTLP_ENDPOINT: spans are posted to `<endpoint>/v1/traces`. */
  otlpEndpoint?: string | undefined;
  /** Where spans go besides the collector (tests: a SimpleSpanProcessor over an InMemorySpanExporter). */
  spanProcessors?: SpanProcessor[];
}

export interface Tracing {
  provider: NodeTracerProvider;
  resource: Resource;
  /** Whether spans are exported at all; without, spans still carry ids (for log lines) but are not recorded. */
  exporting: boolean;
  /** What the worker hands workflow spans to (they are made inside the workflow sandbox and leave it by a sink). */
  workflowSpanProcessor: SpanProcessor;
  /** Flushes the spans not yet sent and stops exporting. */
  shutdown(): Promise<void>;
}

export function tracingFromConfig(
  config: { tracing: { otlpEndpoint?: string | undefined; serviceName?: string | undefined } },
  defaultServiceName: string,
): TracingOptions {
  return {
    serviceName: config.tracing.serviceName ?? defaultServiceName,
    otlpEndpoint: config.tracing.otlpEndpoint,
  };
}

export function createTracing(options: TracingOptions): Tracing {
  const resource = new Resource({ [ATTR_SERVICE_NAME]: options.serviceName });
  const processors = [...(options.spanProcessors ?? [])];
  if (options.otlpEndpoint) {
    const url = `${options.otlpEndpoint.replace(/\/+$/, '')}/v1/traces`;
    processors.push(new BatchSpanProcessor(new OTLPTraceExporter({ url })));
  }
  const exporting = processors.length > 0;
  const provider = new NodeTracerProvider({
    resource,
    spanProcessors: processors,
    // Off: spans are not recorded, yet each request still gets (or keeps its caller's) trace id for its log lines.
    sampler: exporting ? new ParentBasedSampler({ root: new AlwaysOnSampler() }) : new AlwaysOffSampler(),
  });
  return {
    provider,
    resource,
    exporting,
    workflowSpanProcessor: provider.getActiveSpanProcessor(),
    shutdown: () => provider.shutdown(),
  };
}

/**
 * Makes this provider the process's: OpenTelemetry's global tracer provider, the async-hooks context manager (the
 * active span and request id follow awaits) and the W3C trace-context propagator. Once per process, in main.ts.
 */
export function registerTracing(tracing: Tracing): void {
  tracing.provider.register();
}

/** An entry point's tracing: built from its config, registered as the process's. */
export function startTracing(config: Parameters<typeof tracingFromConfig>[0], defaultServiceName: string): Tracing {
  const tracing = createTracing(tracingFromConfig(config, defaultServiceName));
  registerTracing(tracing);
  return tracing;
}

/** Undoes `registerTracing` (tests, so the next file in the same process can register its own). */
export function unregisterTracing(): void {
  trace.disable();
  context.disable();
  propagation.disable();
}
