import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { SignJWT } from 'jose';
import { inject } from 'vitest';
import type { PaymentProvider } from '../../acquiring/provider.js';
import { createPaymentProvider } from '../../acquiring/registry.js';
import { createActivities } from '../../activities/index.js';
import { createApp } from '../../api/create-app.js';
import { seedCatalog } from '../../catalog/seed-catalog.js';
import { type Config, loadConfig } from '../../config/config.js';
import { type DbHandle, openDb } from '../../db/create-db.js';
import { createLogger } from '../../observability/logger.js';
import { listen, type RunningServer } from '../../runtime/http-server.js';
import { type RunningSandbox, startSandbox } from '../../sandbox/server.js';
import { createWorker } from '../../worker/create-worker.js';
import { ensureEventDispatchSchedule } from '../../worker/event-dispatch-schedule.js';
import { ensureReconciliationSchedule } from '../../worker/reconciliation-schedule.js';
import { createFreshDatabase } from './fresh-database.js';
import { basicCredential, captureFile, registerSecrets } from './log-capture.js';
import { freePort } from './throwaway-postgres.js';

/** Config for one test file: its own task queue on the run's Temporal server and PostgreSQL. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: inject('databaseUrl'),
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    TEMPORAL_TASK_QUEUE: `test-${randomUUID()}`,
    SHORT_PERIODS_ENABLED: 'true',
    ...overrides,
  });
}

export interface Harness {
  config: Config;
  database: DbHandle;
  client: Client;
  /** The in-process worker, unless the test asked to run its own. */
  worker: Worker | undefined;
  startWorker(): Promise<Worker>;
  provider: PaymentProvider;
  app: ReturnType<typeof createApp>;
  /** The API over real HTTP (the sandbox's notifications and the browser reach it here). */
  apiUrl: string;
  sandboxUrl: string;
  token(sub: string, options?: { admin?: boolean; roles?: string[] }): Promise<string>;
  close(): Promise<void>;
}

/**
 * The real parts wired as production wires them: PostgreSQL, Temporal, a running worker, the API listening on a free
 * port, and the sandbox acquirer (notifications time-compressed) whose notifications go to that API.
 */
export async function startHarness(
  overrides: Record<string, string> = {},
  options: { worker?: boolean } = {},
): Promise<Harness> {
  const [apiPort, sandboxPort, fresh] = await Promise.all([freePort(), freePort(), createFreshDatabase()]);
  const config = testConfig({
    DATABASE_URL: fresh.url,
    PORT: String(apiPort),
    PUBLIC_BASE_URL: `http://127.0.0.1:${apiPort}`,
    SANDBOX_PORT: String(sandboxPort),
    CLOUDPAYMENTS_API_URL: `http://127.0.0.1:${sandboxPort}`,
    ...overrides,
  });
  // Quiet on stdout, verbose in the run's log capture, which the end of the run scans for secrets.
  const logger = createLogger(config.logLevel, 'api', { file: captureFile('harness'), fileLevel: 'debug' });
  const { cloudpayments } = config.acquiring;
  registerSecrets(
    config.auth.jwtSecret,
    cloudpayments.apiSecret,
    basicCredential(cloudpayments.publicId, cloudpayments.apiSecret),
    config.sandbox.apiSecret,
    ...config.events.secrets,
  );
  const closers: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const closer of closers.reverse()) await closer().catch(() => {});
  };
  closers.push(fresh.drop);
  try {
    const sandbox: RunningSandbox = await startSandbox({
      ...config.sandbox,
      host: '127.0.0.1',
      timeScale: 0.0005,
      logger: logger.child({ name: 'sandbox' }),
    });
    closers.push(sandbox.close);
    const database = await openDb({ ...config.database, maxConnections: 5 });
    closers.push(database.close);
    await seedCatalog(database.db, config);
    const env = await TestWorkflowEnvironment.createFromExistingServer({
      address: config.temporal.address,
      namespace: config.temporal.namespace,
    });
    closers.push(() => env.teardown());
    const provider = createPaymentProvider(config.acquiring, { timeoutMs: 5000 });
    const workerIdentity = `test-worker-${process.pid}`;
    const activities = createActivities({
      db: database.db,
      provider,
      workerIdentity,
      now: () => new Date(),
      publicBaseUrl: config.http.publicBaseUrl,
      events: config.events,
    });
    const startWorker = async () => {
      const worker = await createWorker({
        connection: env.nativeConnection,
        ...config.temporal,
        identity: workerIdentity,
        activities,
        workflowBundle: { codePath: inject('workflowBundlePath') },
      });
      const running = worker.run();
      // Shut the worker down before closing the connections it uses.
      closers.push(async () => {
        if (worker.getState() === 'RUNNING') worker.shutdown();
        await running;
      });
      return worker;
    };
    const worker = options.worker === false ? undefined : await startWorker();
    // As the worker's entry point does; the schedule id derives from this file's own task queue.
    const scheduleId = await ensureReconciliationSchedule(env.client, config);
    closers.push(() => env.client.schedule.getHandle(scheduleId).delete());
    const eventScheduleId = await ensureEventDispatchSchedule(env.client, config);
    if (eventScheduleId) closers.push(() => env.client.schedule.getHandle(eventScheduleId).delete());
    const app = createApp({ config, db: database.db, temporal: env.client, logger, provider });
    const server: RunningServer = await listen(app.fetch, apiPort, '127.0.0.1');
    closers.push(server.close);
    const key = new TextEncoder().encode(config.auth.jwtSecret);
    return {
      config,
      database,
      client: env.client,
      worker,
      startWorker,
      provider,
      app,
      apiUrl: config.http.publicBaseUrl,
      sandboxUrl: sandbox.url,
      token: (sub, options = {}) =>
        new SignJWT({ [config.auth.rolesClaim]: options.roles ?? (options.admin ? [config.auth.adminRole] : []) })
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject(sub)
          .setIssuedAt()
          .setExpirationTime('10m')
          .sign(key),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
