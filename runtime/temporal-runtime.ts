import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DefaultLogger, type LogEntry, type LogLevel, Runtime } from '@temporalio/worker';

const LEVELS: Record<string, LogLevel> = { trace: 'TRACE', debug: 'DEBUG', info: 'WARN' };
const ORDER: LogLevel[] = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'];

/** Errors keep their message and stack in JSON; bigints become strings; nothing throws while logging. */
const replacer = (_key: string, value: unknown) =>
  value instanceof Error
    ? { ...value, name: value.name, message: value.message, stack: value.stack }
    : typeof value === 'bigint'
      ? String(value)
      : value;

function appendEntry(file: string, entry: LogEntry) {
  const line = {
    level: entry.level,
    time: Number(entry.timestampNanos / 1_000_000n),
    msg: entry.message,
    ...entry.meta,
  };
  let text: string;
  try {
    text = JSON.stringify(line, replacer);
  } catch {
    text = JSON.stringify({ level: entry.level, msg: entry.message, meta: String(entry.meta) });
  }
  appendFileSync(file, `${text}\n`);
}

/**
 * Installs the Temporal runtime's logger before any connection exists. At our `info` level the SDK logs only
 * warnings and errors: its own info lines (bundler output, worker state changes) drown the service's logs. With
 * `file`, every entry from INFO up (workers' and activities' lines included) is also appended there as JSON.
 */
export function installTemporalRuntime(logLevel: string, file?: string, metricsAddress?: string) {
  const level = LEVELS[logLevel] ?? 'ERROR';
  // The SDK's own metrics (workflow and activity tasks, slots, pollers, requests) on `metricsAddress`'s /metrics.
  const telemetryOptions = metricsAddress ? { metrics: { prometheus: { bindAddress: metricsAddress } } } : undefined;
  if (!file) {
    Runtime.install({ logger: new DefaultLogger(level), telemetryOptions });
    return;
  }
  mkdirSync(dirname(file), { recursive: true });
  const console = logLevel === 'silent' ? undefined : new DefaultLogger(level);
  const rank = (l: LogLevel) => ORDER.indexOf(l);
  const logger = new DefaultLogger(rank(level) < rank('INFO') ? level : 'INFO', (entry) => {
    appendEntry(file, entry);
    if (console && rank(entry.level) >= rank(level)) console.log(entry.level, entry.message, entry.meta);
  });
  Runtime.install({ logger, telemetryOptions });
}
