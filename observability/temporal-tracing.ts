// Temporal's OpenTelemetry interceptors, wired for this service: the client puts the caller's span context in the
// headers of what it starts, signals and updates; the workflow interceptors (inside the bundle) continue it and pass it
// on to activities; the activity interceptor makes each activity run a span, active while its code (and so the
// acquirer call) runs. Workflow spans leave the sandbox through the `exporter` sink.
import { createRequire } from 'node:module';
import { Resource } from '@opentelemetry/resources';
import { NoopSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { ClientInterceptors } from '@temporalio/client';
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import type { WorkerOptions } from '@temporalio/worker';

const require = createRequire(import.meta.url);

/** Bundled with the workflow code (a pre-built bundle must include them: scripts/lib/workflow-bundle.ts). */
export const workflowTracingModules: string[] = [
  require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors'),
];

export const clientTracingInterceptors = (): ClientInterceptors => ({
  workflow: [new OpenTelemetryWorkflowClientInterceptor()],
});

/** Where workflow spans go; without, they are dropped (the sink must exist: the bundle always calls it). */
export interface WorkflowSpanSink {
  spanProcessor: SpanProcessor;
  resource: Resource;
}

export function workerTracingOptions(
  sink: WorkflowSpanSink | undefined,
  bundled: boolean,
): Pick<WorkerOptions, 'interceptors' | 'sinks'> {
  return {
    interceptors: {
      ...(bundled ? {} : { workflowModules: workflowTracingModules }),
      // The outbound half stamps the span's ids on the activity's log lines when they are written (the runtime logger
      // writes them later, out of the activity's context): observability/temporal-logger.ts names them traceId/spanId.
      activity: [
        (ctx) => ({
          inbound: new OpenTelemetryActivityInboundInterceptor(ctx),
          outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
        }),
      ],
    },
    sinks: {
      exporter: makeWorkflowExporter(
        sink?.spanProcessor ?? new NoopSpanProcessor(),
        sink?.resource ?? Resource.empty(),
      ),
    },
  };
}
