import { Runtime } from '@temporalio/worker';
import { createLogger } from '../observability/logger.js';
import { temporalLogger } from '../observability/temporal-logger.js';

/** Native (core) lines forwarded to the same logger: warnings and errors, and core's info lines when debugging. */
const coreLogging = (logLevel: string) => ({
  filter: { core: logLevel === 'debug' || logLevel === 'trace' ? 'INFO' : 'WARN', other: 'ERROR' } as const,
  forward: {},
});

/**
 * Installs the Temporal runtime before any connection exists, its logger a pino logger named `temporal` (the service's
 * JSON lines, trace ids included: observability/temporal-logger.ts says which SDK lines show at which level). With
 * `file`, every line from the SDK's info up (the workflows' and activities' own lines included) is also appended there.
 */
export function installTemporalRuntime(logLevel: string, file?: string, metricsAddress?: string) {
  Runtime.install({
    logger: temporalLogger(temporalPino(logLevel, file)),
    telemetryOptions: runtimeTelemetry(logLevel, metricsAddress),
  });
}

function temporalPino(logLevel: string, file: string | undefined) {
  if (!file) return createLogger(logLevel, 'temporal');
  // `debug` is where the SDK's own info lines land; a `trace` level keeps its trace lines in the file too.
  return createLogger(logLevel, 'temporal', { file, fileLevel: logLevel === 'trace' ? 'trace' : 'debug' });
}

function runtimeTelemetry(logLevel: string, metricsAddress: string | undefined) {
  // The SDK's own metrics (workflow and activity tasks, slots, pollers, requests) on `metricsAddress`'s /metrics.
  const metrics = metricsAddress ? { metrics: { prometheus: { bindAddress: metricsAddress } } } : {};
  return { logging: coreLogging(logLevel), ...metrics };
}
