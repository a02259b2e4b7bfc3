import type { Logger } from '../observability/logger.js';

/** Runs `stop` once on SIGINT/SIGTERM, then exits; a second signal exits at once. */
export function onShutdown(logger: Logger, stop: () => Promise<void>) {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info({ signal }, 'shutting down');
    stop().then(
      () => process.exit(0),
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
