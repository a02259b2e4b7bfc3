// The parts both test harnesses start alike; they differ in the Temporal server and in what wraps the activities.
import { randomUUID } from 'node:crypto';
import { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker, WorkerOptions } from '@temporalio/worker';
import { SignJWT } from 'jose';
import { inject } from 'vitest';
import type { PaymentProvider } from '../../acquiring/provider.js';
import { type Acquirers, createAcquirers } from '../../acquiring/registry.js';
import { activityDepsFromConfig } from '../../activities/deps-from-config.js';
import { type Activities, createActivities } from '../../activities/index.js';
import { createApp } from '../../api/create-app.js';
import { createInboxRelay, type InboxRelay } from '../../api/routes/webhooks/inbox-relay.js';
import { seedCatalog } from '../../catalog/seed-catalog.js';
import { type Config, loadConfig } from '../../config/config.js';
import { type DbHandle, openDb } from '../../db/create-db.js';
import { createLogger } from '../../observability/logger.js';
import { clientTracingInterceptors, type WorkflowSpanSink } from '../../observability/temporal-tracing.js';
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
  /** The default acquirer (the sandbox's CloudPayments unless the test chose another default). */
  provider: PaymentProvider;
  acquirers: Acquirers;
  app: ReturnType<typeof createApp>;
  /** The API's inbox relay (stopping it leaves notifications stored and undelivered, as a process dying would). */
  inboxRelay: InboxRelay;
  /**
   * Stops the API and the worker and starts them again on the same port, database, Temporal and task queue with
   * another default acquirer, as a redeploy with a changed ACQUIRER would.
   */
  restart(choice: RestartChoice): Promise<StackParts>;
  /** The API over real HTTP (the sandbox's notifications and the browser reach it here). */
  apiUrl: string;
  sandboxUrl: string;
  /**
   * A user's token; it carries an `email` claim (`<sub without digits>@example.test`) so checkouts have a receipt contact, unless
   * `email: null`; `phone` adds a `phone_number` claim.
   */
  token(
    sub: string,
    options?: { admin?: boolean; roles?: string[]; email?: string | null; phone?: string },
  ): Promise<string>;
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
  /** Providers configured besides the sandbox's, by name (e.g. the memory provider as a second acquirer). */
  extraAcquirers?: Record<string, PaymentProvider>;
  /** The clock activities stamp rows with, and what wraps them before the worker gets them. */
  activities?: { now: () => Date; wrap: (real: Activities) => Activities };
  /** Where the worker's workflow spans go (a test that collects spans); dropped without. */
  workflowSpans?: WorkflowSpanSink | undefined;
  /** The API's port, when something started before the stack must know its address (an IdP's redirect URI). */
  apiPort?: number | undefined;
}

export type Stack = Harness & { env: TestWorkflowEnvironment };

/** A well-formed address for any subject (the receipt contact the harness's users have). */
/**
 * Digits are left out: the receipt travels in JsonData, which CloudPayments echoes in every notification's `Data`, and
 * a test user's timestamp (13 digits) passes the Luhn check one time in ten, so the API's card-number guard would
 * refuse the notification.
 */
export const defaultEmail = (sub: string) => `${sub.replace(/[^A-Za-z._-]/g, '').slice(0, 64) || 'user'}@example.test`;

export interface RestartChoice {
  defaultAcquirer: string;
  /** Extra acquirers dropped from ACQUIRERS by this restart (their payments stay in the database). */
  without?: readonly string[];
}

/** What a restart replaces. */
export interface StackParts {
  acquirers: Acquirers;
  worker: Worker | undefined;
  app: ReturnType<typeof createApp>;
  inboxRelay: InboxRelay;
}

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
    const [apiPort, sandboxPort, fresh] = await Promise.all([
      options.apiPort ?? freePort(),
      freePort(),
      createFreshDatabase(),
    ]);
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
      config.acquiring.yookassa.secretKey,
      basicCredential(config.acquiring.yookassa.shopId, config.acquiring.yookassa.secretKey),
      config.sandbox.yookassa.secretKey,
      config.sandbox.apiSecret,
      ...config.events.secrets,
      config.console.oidc?.clientSecret,
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
    const workerIdentity = `test-worker-${process.pid}`;
    // A provider the test brings stands in for the default: it is registered under its own name and made the default.
    const stand = options.provider;
    const extra = stand ? { ...options.extraAcquirers, [stand.name]: stand } : (options.extraAcquirers ?? {});
    const acquirersWith = ({ defaultAcquirer, without = [] }: RestartChoice) => {
      const extraNames = Object.keys(extra).filter((name) => !without.includes(name));
      const names = [...new Set([...config.acquiring.names, ...extraNames])];
      return createAcquirers(
        { ...config.acquiring, provider: defaultAcquirer, names },
        { timeoutMs: options.acquirerTimeoutMs ?? 5000, providers: extra },
      );
    };
    let activities: Activities;
    const startWorker = async (workerOptions: WorkerChoices = {}) => {
      const worker = await createWorker({
        connection: env.nativeConnection,
        ...config.temporal,
        ...workerOptions,
        identity: workerIdentity,
        activities,
        workflowBundle: { codePath: inject('workflowBundlePath') },
        workflowSpans: options.workflowSpans,
      });
      const running = worker.run();
      const stop = async () => {
        if (worker.getState() === 'RUNNING') worker.shutdown();
        await running;
      };
      // Shut the worker down before closing the connections it uses.
      closers.push(stop);
      return Object.assign(worker, { stopped: stop });
    };
    // A plain client, so nothing the API does unlocks a time-skipping server's clock (only a test awaiting a result).
    const apiClient = new Client({
      connection: env.connection,
      namespace: config.temporal.namespace,
      interceptors: clientTracingInterceptors(),
    });
    let stopCurrent = async () => {};
    const startParts = async (choice: RestartChoice): Promise<StackParts> => {
      const acquirers = acquirersWith(choice);
      const real = createActivities(
        activityDepsFromConfig(config, {
          db: database.db,
          acquirers,
          client: apiClient,
          workerIdentity,
          now: options.activities?.now,
        }),
      );
      activities = options.activities?.wrap(real) ?? real;
      const worker = options.worker ? await startWorker() : undefined;
      const apiDeps = { config, db: database.db, temporal: apiClient, logger, acquirers };
      // Polls often: a test waiting for a retried delivery should not wait out production's pace.
      const inboxRelay = createInboxRelay(apiDeps, { pollMs: 100, retryInMs: () => 200 });
      inboxRelay.start();
      const app = createApp({ ...apiDeps, inboxRelay });
      const server = await listen(app.fetch, apiPort, '127.0.0.1');
      stopCurrent = async () => {
        await server.close();
        await inboxRelay.stop();
        await worker?.stopped();
      };
      return { acquirers, worker, app, inboxRelay };
    };
    const first = await startParts({ defaultAcquirer: stand?.name ?? config.acquiring.provider });
    closers.push(() => stopCurrent());
    const restart = async (choice: RestartChoice) => {
      await stopCurrent();
      return startParts(choice);
    };
    const key = new TextEncoder().encode(config.auth.jwtSecret);
    return {
      config,
      database,
      env,
      client: env.client,
      worker: first.worker,
      startWorker,
      provider: first.acquirers.get(first.acquirers.defaultName),
      acquirers: first.acquirers,
      app: first.app,
      inboxRelay: first.inboxRelay,
      restart,
      apiUrl: config.http.publicBaseUrl,
      sandboxUrl: sandbox.url,
      token: (sub, options = {}) => {
        const email = options.email === undefined ? defaultEmail(sub) : options.email;
        const jwt = new SignJWT({
          [config.auth.rolesClaim]: options.roles ?? (options.admin ? [config.auth.adminRole] : []),
          ...(email === null ? {} : { email }),
          ...(options.phone ? { phone_number: options.phone } : {}),
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
