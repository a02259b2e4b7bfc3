import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { SignJWT } from 'jose';
import { inject } from 'vitest';
import { createActivities } from '../../activities/index.js';
import { createApp } from '../../api/create-app.js';
import { seedCatalog } from '../../catalog/seed-catalog.js';
import { type Config, loadConfig } from '../../config/config.js';
import { type DbHandle, openDb } from '../../db/create-db.js';
import { createLogger } from '../../observability/logger.js';
import { createWorker } from '../../worker/create-worker.js';

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
  worker: Worker;
  app: ReturnType<typeof createApp>;
  token(sub: string, options?: { admin?: boolean; roles?: string[] }): Promise<string>;
  close(): Promise<void>;
}

/** The real parts wired as production wires them: PostgreSQL, a Temporal client, a running worker, the API. */
export async function startHarness(overrides: Record<string, string> = {}): Promise<Harness> {
  const config = testConfig(overrides);
  const logger = createLogger(config.logLevel);
  const database = await openDb({ ...config.database, maxConnections: 5 });
  await seedCatalog(database.db, config);
  const env = await TestWorkflowEnvironment.createFromExistingServer({
    address: config.temporal.address,
    namespace: config.temporal.namespace,
  });
  const { client, nativeConnection } = env;
  const workerIdentity = `test-worker-${process.pid}`;
  const worker = await createWorker({
    connection: nativeConnection,
    ...config.temporal,
    identity: workerIdentity,
    activities: createActivities({ db: database.db, workerIdentity, now: () => new Date() }),
    workflowBundle: { codePath: inject('workflowBundlePath') },
  });
  const running = worker.run();
  const app = createApp({ config, db: database.db, temporal: client, logger });
  const key = new TextEncoder().encode(config.auth.jwtSecret);
  return {
    config,
    database,
    client,
    worker,
    app,
    token: (sub, options = {}) =>
      new SignJWT({ [config.auth.rolesClaim]: options.roles ?? (options.admin ? [config.auth.adminRole] : []) })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(sub)
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(key),
    // Shut the worker down before closing the connections it uses.
    close: async () => {
      worker.shutdown();
      await running;
      await env.teardown();
      await database.close();
    },
  };
}
