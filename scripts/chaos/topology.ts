// The production-like topology on one machine, each part its own process: a throwaway PostgreSQL, the Temporal dev
// server on a SQLite file, the sandbox acquirer, the API and two workers.
import { join } from 'node:path';
import { freePort, startThrowawayPostgres } from '../../test/support/throwaway-postgres.js';
import { type RunningDevServer, startTemporalDevServer } from '../lib/temporal-dev-server.js';
import { ensureTemporalCli } from '../temporal-cli.mjs';
import { createService, type Service, untilHttpOk } from './service.js';

export interface Topology {
  apiUrl: string;
  sandboxUrl: string;
  databaseUrl: string;
  temporalAddress: string;
  api: Service;
  workers: Service[];
  sandbox: Service;
  /** Stops the Temporal server and starts it again on the same database file and port. */
  restartTemporal(): Promise<void>;
  /** Processes that died without being told to, by name. */
  unexpectedExits(): Record<string, number>;
  close(): Promise<void>;
}

export async function startTopology(runDir: string): Promise<Topology> {
  const stops: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const stop of stops.reverse()) await stop().catch((e) => console.log(`[chaos] teardown: ${e}`));
  };
  try {
    const [temporalPort, uiPort, apiPort, sandboxPort] = await Promise.all([
      freePort(),
      freePort(),
      freePort(),
      freePort(),
    ]);
    const cliPath = ensureTemporalCli();
    const temporalOptions = {
      cliPath,
      dbFile: join(runDir, 'temporal.db'),
      port: temporalPort,
      uiPort,
      namespace: 'default',
    };
    const postgres = await startThrowawayPostgres();
    stops.push(postgres.stop);
    let temporal: RunningDevServer = await startTemporalDevServer(temporalOptions);
    stops.push(() => temporal.stop());

    const apiUrl = `http://127.0.0.1:${apiPort}`;
    const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
    const env: Record<string, string> = {
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      LOG_FILE: '',
      HOST: '127.0.0.1',
      PORT: String(apiPort),
      PUBLIC_BASE_URL: apiUrl,
      DATABASE_URL: postgres.url,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_TASK_QUEUE: 'chaos-billing',
      SHORT_PERIODS_ENABLED: 'true',
      // Every caller here is one loopback address; the limits would turn the run's traffic into 429s.
      RATE_LIMIT_ENABLED: 'false',
      // Several processes on one host: each ops listener (/metrics) on a free port of its own.
      OPS_PORT: '0',
      // Lost payments are looked up soon, so the run settles in minutes rather than the production ten.
      RECONCILIATION_INTERVAL_SECONDS: '20',
      RECONCILIATION_STALE_AFTER_SECONDS: '30',
      // A checkout whose charge has no known outcome waits for its deadline and is looked up then (it ends paid or
      // expired); a short one lets those checkouts end inside the settle window instead of in production's 30 min.
      CHECKOUT_TTL_SECONDS: '120',
      CLOUDPAYMENTS_API_URL: sandboxUrl,
      SANDBOX_PORT: String(sandboxPort),
      SANDBOX_HOST: '127.0.0.1',
      SANDBOX_NOTIFY_URL: `${apiUrl}/webhooks/cloudpayments`,
    };
    const log = (name: string) => join(runDir, `${name}.log`);
    const sandbox = createService({
      name: 'sandbox',
      entry: 'sandbox/main.ts',
      env,
      logFile: log('sandbox'),
      ready: (ms) => untilHttpOk(`${sandboxUrl}/_sandbox/faults`, ms),
    });
    const api = createService({
      name: 'api',
      entry: 'api/main.ts',
      env,
      logFile: log('api'),
      ready: (ms) => untilHttpOk(`${apiUrl}/ready`, ms),
    });
    const workers = [1, 2].map((n) =>
      createService({ name: `worker-${n}`, entry: 'worker/main.ts', env, logFile: log(`worker-${n}`) }),
    );
    const services = [sandbox, api, ...workers];
    stops.push(async () => {
      await Promise.all(services.map((s) => s.stop('SIGKILL')));
    });
    await sandbox.start();
    // The API migrates the database before the workers open it (they would wait on the same lock anyway).
    await api.start();
    await Promise.all(workers.map((w) => w.start()));

    return {
      apiUrl,
      sandboxUrl,
      databaseUrl: postgres.url,
      temporalAddress: temporal.address,
      api,
      workers,
      sandbox,
      async restartTemporal() {
        await temporal.stop();
        temporal = await startTemporalDevServer(temporalOptions);
      },
      unexpectedExits: () => Object.fromEntries(services.map((s) => [s.name, s.unexpectedExits()])),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
