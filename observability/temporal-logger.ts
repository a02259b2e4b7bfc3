// The Temporal SDK's log lines (worker, bundler, core, and the workflow and activity loggers) written by pino, in the
// service's one JSON format: a Temporal `Logger` that forwards each entry to a pino logger.
import type { LogLevel, LogMetadata, Logger as TemporalLogger } from '@temporalio/common';
import type { Level } from 'pino';
import type { Logger } from './logger.js';

const SAME: Record<LogLevel, Level> = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' };
/**
 * The SDK's own chatter one level down: at `info` the service shows what workflows and activities log, and only the
 * SDK's warnings and errors (its info lines, worker state changes and bundler output, drown the service's). The SDK's
 * DEBUG lines are its own even from an activity or workflow ("Activity started", "Workflow completed").
 */
const QUIETER: Record<LogLevel, Level> = {
  TRACE: 'trace',
  DEBUG: 'trace',
  INFO: 'debug',
  WARN: 'warn',
  ERROR: 'error',
};

const fromServiceCode = (meta: LogMetadata) => meta.sdkComponent === 'workflow' || meta.sdkComponent === 'activity';

/** The ids Temporal's OpenTelemetry interceptors stamp on a line, under the names every other line uses (log-context.ts). */
const RENAMED: Record<string, string> = { trace_id: 'traceId', span_id: 'spanId' };

/** Errors keep their name, message and stack in JSON (pino serializes only `err` by itself); bigints become strings. */
function fields(meta: LogMetadata | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(meta ?? {})) {
    if (key === 'trace_flags') continue;
    out[RENAMED[key] ?? key] =
      value instanceof Error
        ? { name: value.name, message: value.message, stack: value.stack }
        : typeof value === 'bigint'
          ? String(value)
          : value;
  }
  return out;
}

export function temporalLogger(logger: Logger): TemporalLogger {
  const log = (level: LogLevel, message: string, meta?: LogMetadata) => {
    const own = meta !== undefined && fromServiceCode(meta) && level !== 'DEBUG' && level !== 'TRACE';
    logger[own ? SAME[level] : QUIETER[level]](fields(meta), message);
  };
  return {
    log,
    trace: (message, meta) => log('TRACE', message, meta),
    debug: (message, meta) => log('DEBUG', message, meta),
    info: (message, meta) => log('INFO', message, meta),
    warn: (message, meta) => log('WARN', message, meta),
    error: (message, meta) => log('ERROR', message, meta),
  };
}
