// What bench:scale runs: a Temporal dev server and a throwaway PostgreSQL (child processes), the sandbox acquirer
// (in this process: it stands for CloudPayments, not for us), and the API and the worker each as its own process
// from the production entry points, so each one's memory is measured apart.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Client, Connection, Client as TemporalClient } from '@temporalio/client';
import { type Config, loadConfig } from '../../config/config.js';
import { createLogger } from '../../observability/logger.js';
import { startSandbox } from '../../sandbox/server.js';
import { freePort, startThrowawayPostgres } from '../../test/support/throwaway-postgres.js';
import { startTemporalDevServer } from '../lib/temporal-dev-server.js';
import { buildWorkflowBundle } from '../lib/workflow-bundle.js';
import { ensureTemporalCli } from '../temporal-cli.mjs';
import { type EntryChild, startEntryChild, waitUntilReady } from './entry-child.js';
import { childPidByName } from './process-memory.js';

export interface ScaleStack {
  config: Config;
  apiUrl: string;
  sandboxUrl: string;
  databaseUrl: string;
  client: Client;
  api: EntryChild;
  worker: EntryChild;
  temporalPid: number | undefined;
  close(): Promise<void>;
}

export interface ScaleStackOptions {
  /** Concurrent requests the sandbox answers before 429 (CloudPayments test terminals: 5). */
  acquirerSlots: number;
  /** Extra environment for the worker (e.g. WORKER_MAX_CACHED_WORKFLOWS) on top of the bench's own. */
  workerEnv: Record<string, string>;
  /** `prebuilt`: the worker runs a bundle built here first (WORKER_WORKFLOW_BUNDLE), as the image's does; `at-start`: it bundles workflows/ itself. */
  bundle: 'prebuilt' | 'at-start';
}

async function workerPolling(client: Client, config: Config): Promise<boolean> {
  const answer = await client.workflowService.describeTaskQueue({
    namespace: config.temporal.namespace,
    taskQueue: { name: config.temporal.taskQueue },
    taskQueueType: 1, // TASK_QUEUE_TYPE_WORKFLOW
  });
  return (answer.pollers ?? []).length > 0;
}

export async function startScaleStack(options: ScaleStackOptions): Promise<ScaleStack> {
  const stops: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const stop of stops.reverse()) await stop().catch((e) => console.error('teardown:', e));
  };
  try {
    const tmp = mkdtempSync(join(tmpdir(), 'billing-scale-'));
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
    const env: Record<string, string> = {
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      DATA_DIR: tmp,
      DATABASE_URL: postgres.url,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_TASK_QUEUE: 'scale-billing',
      HOST: '127.0.0.1',
      PORT: String(apiPort),
      PUBLIC_BASE_URL: `http://127.0.0.1:${apiPort}`,
      SANDBOX_PORT: String(sandboxPort),
      CLOUDPAYMENTS_API_URL: `http://127.0.0.1:${sandboxPort}`,
      SHORT_PERIODS_ENABLED: 'true',
      RATE_LIMIT_ENABLED: 'false',
      OPS_PORT: '0',
      CLOUDPAYMENTS_MAX_CONCURRENT_REQUESTS: String(options.acquirerSlots),
    };
    const config = loadConfig(env);
    const logger = createLogger('error', 'bench-sandbox');
    const sandbox = await startSandbox({
      ...config.sandbox,
      host: '127.0.0.1',
      logger,
      maxConcurrentRequests: options.acquirerSlots,
    });
    stops.push(sandbox.close);

    // The API first: it applies the migrations and seeds the catalog before the worker opens the database.
    const api = startEntryChild('api', 'api/main.ts', env);
    stops.push(api.stop);
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    await waitUntilReady('API', async () => (await fetch(`${apiUrl}/ready`)).ok, [api], 120_000);
    const bundleEnv: Record<string, string> =
      options.bundle === 'prebuilt'
        ? { WORKER_WORKFLOW_BUNDLE: await buildWorkflowBundle(join(tmp, 'workflow-bundle.js')) }
        : {};
    const worker = startEntryChild('worker', 'worker/main.ts', { ...env, ...bundleEnv, ...options.workerEnv });
    stops.push(worker.stop);
    const connection = await Connection.connect({ address: temporal.address });
    const client = new TemporalClient({ connection, namespace: config.temporal.namespace });
    stops.push(() => connection.close());
    await waitUntilReady('worker', () => workerPolling(client, config), [api, worker], 180_000);
    return {
      config,
      apiUrl,
      sandboxUrl: sandbox.url,
      databaseUrl: postgres.url,
      client,
      api,
      worker,
      temporalPid: childPidByName('temporal'),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
