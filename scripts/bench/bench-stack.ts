// Everything one bench run needs, started here and stopped by `close()`: a Temporal dev server and a PostgreSQL of
// its own (temp state, free ports), the sandbox acquirer, the API it notifies, and a Temporal client and worker
// connection. All in this one process, as `npm start` runs them, except the two servers (child processes).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import type { NativeConnection } from '@temporalio/worker';
import { type Acquirers, createAcquirers } from '../../acquiring/registry.js';
import { createApp } from '../../api/create-app.js';
import { createInboxRelay } from '../../api/routes/webhooks/inbox-relay.js';
import { seedCatalog } from '../../catalog/seed-catalog.js';
import { type Config, loadConfig } from '../../config/config.js';
import { type DbHandle, openDb } from '../../db/create-db.js';
import { createLogger } from '../../observability/logger.js';
import { listen } from '../../runtime/http-server.js';
import { connectClient, connectWorker } from '../../runtime/temporal-connections.js';
import { installTemporalRuntime } from '../../runtime/temporal-runtime.js';
import { freePort, startThrowawayPostgres } from '../../test/support/throwaway-postgres.js';
import { startTemporalDevServer } from '../lib/temporal-dev-server.js';
import { ensureTemporalCli } from '../temporal-cli.mjs';
import { startEntryChild, waitUntilReady } from './entry-child.js';

export interface BenchStack {
  config: Config;
  database: DbHandle;
  client: Client;
  workerConnection: NativeConnection;
  acquirers: Acquirers;
  sandboxUrl: string;
  /** The sandbox acquirer's process (its CPU is the acquirer's, not ours). */
  sandboxPid: number | undefined;
  /** Where our PostgreSQL listens, to tell its processes from others'. */
  postgresPort: number;
  /** Stops whatever was started, last first; safe to call after a failed start. */
  close(): Promise<void>;
}

/** `env` adds settings to the stack's own (e.g. a bench sending many checkouts from one address raises its limit). */
/**
 * The acquirer as a live CloudPayments terminal takes it (30 requests at once, 429 beyond), and our adapter keeping to
 * the same limit; a test terminal's is 5.
 */
export const LIVE_TERMINAL_CONCURRENT_REQUESTS = 30;
export const acquirerLimitEnv = (limit: number) => ({
  SANDBOX_MAX_CONCURRENT_REQUESTS: String(limit),
  CLOUDPAYMENTS_MAX_CONCURRENT_REQUESTS: String(limit),
});

export interface BenchStackOptions {
  /** Wraps the API's request handler (to time what it serves). */
  wrapApi?: (handler: (request: Request) => Response | Promise<Response>) => (request: Request) => Promise<Response>;
}

export async function startBenchStack(
  env: Record<string, string> = {},
  options: BenchStackOptions = {},
): Promise<BenchStack> {
  const stops: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const stop of stops.reverse()) await stop().catch((e) => console.error('teardown:', e));
  };
  try {
    installTemporalRuntime('error');
    const tmp = mkdtempSync(join(tmpdir(), 'billing-bench-'));
    stops.push(async () => rmSync(tmp, { recursive: true, force: true }));
    const [temporalPort, uiPort, apiPort, sandboxPort] = await Promise.all([
      freePort(),
      freePort(),
      freePort(),
      freePort(),
    ]);
    const [temporal, postgres] = await Promise.all([
      startTemporalDevServer({
        cliPath: ensureTemporalCli(),
        dbFile: join(tmp, 'temporal.db'),
        port: temporalPort,
        uiPort,
        namespace: 'default',
      }),
      startThrowawayPostgres(),
    ]);
    stops.push(temporal.stop, postgres.stop);

    const config = loadConfig({
      LOG_LEVEL: 'error',
      DATA_DIR: tmp,
      DATABASE_URL: postgres.url,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_TASK_QUEUE: 'bench-billing',
      PORT: String(apiPort),
      PUBLIC_BASE_URL: `http://127.0.0.1:${apiPort}`,
      SANDBOX_PORT: String(sandboxPort),
      CLOUDPAYMENTS_API_URL: `http://127.0.0.1:${sandboxPort}`,
      ...env,
    });
    const logger = createLogger(config.logLevel, 'bench');
    // The acquirer in its own process, as a real one is: its CPU is counted apart and its work never delays ours.
    const sandbox = startEntryChild('sandbox', 'sandbox/main.ts', {
      LOG_LEVEL: 'error',
      SANDBOX_HOST: '127.0.0.1',
      SANDBOX_PORT: String(sandboxPort),
      SANDBOX_NOTIFY_URL: config.sandbox.notifyUrl,
      SANDBOX_YOOKASSA_NOTIFY_URL: config.sandbox.yookassa.notifyUrl,
      SANDBOX_MAX_CONCURRENT_REQUESTS: String(config.sandbox.maxConcurrentRequests),
    });
    stops.push(sandbox.stop);
    const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
    const ready = async () => (await fetch(`${sandboxUrl}/_sandbox/faults`)).ok;
    await waitUntilReady('sandbox', ready, [sandbox], 60_000);
    const database = await openDb(config.database);
    stops.push(database.close);
    await seedCatalog(database.db, config);

    const client = await connectClient(config.temporal);
    stops.push(() => client.connection.close());
    const workerConnection = await connectWorker(config.temporal);
    stops.push(() => workerConnection.close());
    const acquirers = createAcquirers(config.acquiring);
    const apiDeps = { config, db: database.db, temporal: client, logger, acquirers };
    const inboxRelay = createInboxRelay(apiDeps);
    inboxRelay.start();
    stops.push(inboxRelay.stop);
    const app = createApp({ ...apiDeps, inboxRelay });
    const handler = options.wrapApi ? options.wrapApi((request) => app.fetch(request)) : app.fetch;
    const api = await listen(handler, apiPort, '127.0.0.1');
    stops.push(api.close);
    const postgresPort = Number(new URL(postgres.url).port);
    return {
      config,
      database,
      client,
      workerConnection,
      acquirers,
      sandboxUrl,
      sandboxPid: sandbox.pid,
      postgresPort,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
