// The parts both test harnesses start alike; they differ in the Temporal server and in what wraps the activities.
import { randomUUID } from 'node:crypto';
import { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker, WorkerOptions } from '@temporalio/worker';
import { SignJWT } from 'jose';
import { inject } from 'vitest';
import type { PaymentProvider } from '../../acquiring/provider.js';
import { createPaymentProvider } from '../../acquiring/registry.js';
import { type Activities, createActivities } from '../../activities/index.js';
import { createApp } from '../../api/create-app.js';
import { seedCatalog } from '../../catalog/seed-catalog.js';
import { type Config, loadConfig } from '../../config/config.js';
import { type DbHandle, openDb } from '../../db/create-db.js';
import { createLogger } from '../../observability/logger.js';
import { listen } from '../../runtime/http-server.js';
import { startSandbox } from '../../sandbox/server.js';
import { createWorker } from '../../worker/create-worker.js';
import { createFreshDatabase } from './fresh-database.js';
import { basicCredential, captureFile, registerSecrets } from './log-capture.js';
import { freePort } from './throwaway-postgres.js';

export interface Harness {
  config: Config;
  database: DbHandle;
  client: Client;
  /** The in-process worker, unless the test asked to run its own. */
  worker: Worker | undefined;
  /** Another worker on the same task queue; `patchesHeld` makes it run the code paths before those patches. */
  startWorker(options?: WorkerChoices): Promise<Worker>;
  provider: PaymentProvider;
  app: ReturnType<typeof createApp>;
  /** The API over real HTTP (the sandbox's notifications and the browser reach it here). */
  apiUrl: string;
  sandboxUrl: string;
  token(sub: string, options?: { admin?: boolean; roles?: string[] }): Promise<string>;
  close(): Promise<void>;
}

export interface WorkerChoices {
  /** Patch ids not to activate: the worker takes the code paths from before those patches. */
  patchesHeld?: readonly string[];
  /** E.g. `maxCachedWorkflows: 0` for a worker about to be replaced (no sticky queue to wait out). */
  options?: Partial<WorkerOptions>;
}

export interface StackOptions {
  overrides: Record<string, string>;
  worker: boolean;
  /** How long the acquirer client waits for an answer (default 5 s); a file of lost answers may wait less. */
  acquirerTimeoutMs?: number;
  /** Another acquirer than the configured one (e.g. the memory provider), for API and worker alike. */
  provider?: PaymentProvider | undefined;
  /** Connects to (or starts) the Temporal server; torn down with the stack. */
  temporal(): Promise<TestWorkflowEnvironment>;
  /** The clock activities stamp rows with, and what wraps them before the worker gets them. */
  activities?: { now: () => Date; wrap: (real: Activities) => Activities };
}

export type Stack = Harness & { env: TestWorkflowEnvironment };

/**
 * A test file sends many requests from 127.0.0.1 through one app, so the harness's limits are far above the
 * production defaults; test/api/rate-limits.test.ts passes tight ones as overrides.
 */
const GENEROUS_RATE_LIMITS = Object.fromEntries(
  ['CHECKOUT', 'UPDATE', 'OPERATOR'].flatMap((bucket) => [
    [`RATE_LIMIT_${bucket}_PER_USER`, '100000'],
    [`RATE_LIMIT_${bucket}_PER_IP`, '100000'],
  ]),
);

/**
 * The real parts wired as production wires them: PostgreSQL (a fresh database of the run's server), Temporal, a running
 * worker on this file's own task queue, the API listening on a free port, and the sandbox acquirer (notifications
 * time-compressed) whose notifications go to that API.
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  const closers: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const closer of closers.reverse()) await closer().catch(() => {});
  };
  try {
    const [apiPort, sandboxPort, fresh] = await Promise.all([freePort(), freePort(), createFreshDatabase()]);
    closers.push(fresh.drop);
    const env = await options.temporal();
    closers.push(() => env.teardown());
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: fresh.url,
      TEMPORAL_ADDRESS: env.address,
      TEMPORAL_TASK_QUEUE: `test-${randomUUID()}`,
      SHORT_PERIODS_ENABLED: 'true',
      PORT: String(apiPort),
      PUBLIC_BASE_URL: `http://127.0.0.1:${apiPort}`,
      SANDBOX_PORT: String(sandboxPort),
      CLOUDPAYMENTS_API_URL: `http://127.0.0.1:${sandboxPort}`,
      ...GENEROUS_RATE_LIMITS,
      ...options.overrides,
    });
    // Quiet on stdout, verbose in the run's log capture, which the end of the run scans for secrets.
    const logger = createLogger(config.logLevel, 'api', { file: captureFile('harness'), fileLevel: 'debug' });
    const { cloudpayments } = config.acquiring;
    registerSecrets(
      config.auth.jwtSecret,
      config.threeDsStateSecret,
      config.threeDsStatePreviousSecret,
      config.inboxEncryptionKey,
      cloudpayments.apiSecret,
      basicCredential(cloudpayments.publicId, cloudpayments.apiSecret),
      config.sandbox.apiSecret,
      ...config.events.secrets,
    );
    const sandbox = await startSandbox({
      ...config.sandbox,
      host: '127.0.0.1',
      timeScale: 0.0005,
      logger: logger.child({ name: 'sandbox' }),
    });
    closers.push(sandbox.close);
    const database = await openDb({ ...config.database, maxConnections: 5 });
    closers.push(database.close);
    await seedCatalog(database.db, config);
    const provider =
      options.provider ?? createPaymentProvider(config.acquiring, { timeoutMs: options.acquirerTimeoutMs ?? 5000 });
    const workerIdentity = `test-worker-${process.pid}`;
    const real = createActivities({
      db: database.db,
      provider,
      workerIdentity,
      now: options.activities?.now ?? (() => new Date()),
      publicBaseUrl: config.http.publicBaseUrl,
      threeDsStateSecret: config.threeDsStateSecret,
      inboxEncryptionKey: config.inboxEncryptionKey,
      events: config.events,
    });
    const activities = options.activities?.wrap(real) ?? real;
    const startWorker = async (workerOptions: WorkerChoices = {}) => {
      const worker = await createWorker({
        connection: env.nativeConnection,
        ...config.temporal,
        ...workerOptions,
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
    const worker = options.worker ? await startWorker() : undefined;
    // A plain client, so nothing the API does unlocks a time-skipping server's clock (only a test awaiting a result).
    const apiClient = new Client({ connection: env.connection, namespace: config.temporal.namespace });
    const app = createApp({ config, db: database.db, temporal: apiClient, logger, provider });
    const server = await listen(app.fetch, apiPort, '127.0.0.1');
    closers.push(server.close);
    const key = new TextEncoder().encode(config.auth.jwtSecret);
    return {
      config,
      database,
      env,
      client: env.client,
      worker,
      startWorker,
      provider,
      app,
      apiUrl: config.http.publicBaseUrl,
      sandboxUrl: sandbox.url,
      token: (sub, options = {}) => {
        const jwt = new SignJWT({
          [config.auth.rolesClaim]: options.roles ?? (options.admin ? [config.auth.adminRole] : []),
        })
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject(sub)
          .setIssuedAt()
          .setExpirationTime('10m');
        // As the issuer would: the API refuses tokens without these when it is configured with them.
        if (config.auth.issuer) jwt.setIssuer(config.auth.issuer);
        if (config.auth.audience) jwt.setAudience(config.auth.audience);
        return jwt.sign(key);
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
