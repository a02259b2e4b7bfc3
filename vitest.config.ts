import { defineConfig } from 'vitest/config';
import { RealTimeFirstSequencer } from './test/support/real-time-first.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    reporters: ['default', './test/support/closing-line-reporter.ts'],
    setupFiles: ['test/support/setup-file.ts'],
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: one on a 2-core machine, so each file waited for the one
    // before. Most files wait on HTTP, Temporal or real minutes, not on the CPU, so four run side by side.
    maxWorkers: 4,
    // Each file starts its own stack (database, task queue, servers) and closes it, so test processes are reused
    // instead of started per file: a new process cost every file about a second of CPU to load Temporal and the app.
    isolate: false,
    sequence: { sequencer: RealTimeFirstSequencer },
    // A Temporal client call waiting in its gRPC retry backoff when a test's stack closes the connection throws
    // 'Channel has been shut down' from the retry's timer (@temporalio/client grpc-retry), after the test is over.
    // That is teardown order, nothing the test checks; any other unhandled error still fails the run.
    onUnhandledError: (error) =>
      !(error.message === 'Channel has been shut down' && String(error.stack ?? '').includes('grpc-retry')),
    testTimeout: 30_000,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
  },
});
