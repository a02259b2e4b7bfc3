import type { Logger } from '../observability/logger.js';

export interface ShutdownOptions {
  /** If `stop` has not finished after this long, the process exits 1 anyway (before the orchestrator's SIGKILL). */
  forceAfterMs?: number;
}

/** Runs `stop` once on SIGINT/SIGTERM, then exits 0; a second signal, a failure or the force bound exit 1. */
export function onShutdown(logger: Logger, stop: () => Promise<void>, options: ShutdownOptions = {}) {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info({ signal }, 'shutting down');
    if (options.forceAfterMs !== undefined) {
      setTimeout(() => {
        logger.error({ afterMs: options.forceAfterMs }, 'shutdown did not finish in time; exiting');
        process.exit(1);
      }, options.forceAfterMs).unref();
    }
    stop().then(
      () => {
        logger.info('shut down');
        process.exit(0);
      },
      (error) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}

/** Prints a configuration or startup error readably and exits non-zero. */
export function exitOnStartupError(error: unknown): never {
  console.error(`\nStartup failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
