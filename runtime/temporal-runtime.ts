import { DefaultLogger, type LogLevel, Runtime } from '@temporalio/worker';

const LEVELS: Record<string, LogLevel> = { trace: 'TRACE', debug: 'DEBUG', info: 'WARN' };

/**
 * Installs the Temporal runtime's logger before any connection exists. At our `info` level the SDK logs only
 * warnings and errors: its own info lines (bundler output, worker state changes) drown the service's logs.
 */
export function installTemporalRuntime(logLevel: string) {
  Runtime.install({ logger: new DefaultLogger(LEVELS[logLevel] ?? 'ERROR') });
}
