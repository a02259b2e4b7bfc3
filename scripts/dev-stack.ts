// `npm start`: the whole local stack in one process tree — Temporal dev server (child process), the sandbox
// acquirer, the worker and the API (in-process, so they can share the embedded PGlite database).
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createAcquirers } from '../acquiring/registry.js';
import { activityDepsFromConfig } from '../activities/deps-from-config.js';
import { createActivities } from '../activities/index.js';
import { createApp } from '../api/create-app.js';
import { createInboxRelay } from '../api/routes/webhooks/inbox-relay.js';
import { seedCatalog } from '../catalog/seed-catalog.js';
import { apiPublicDefaults, assertSafeBind, sandboxPublicDefaults } from '../config/bind-guard.js';
import { loadConfig } from '../config/config.js';
import { openDb } from '../db/create-db.js';
import { createBusinessMetrics } from '../observability/business-metrics.js';
import { createDatabaseGauges } from '../observability/database-gauges.js';
import { createLogger } from '../observability/logger.js';
import { startTracing } from '../observability/tracing.js';
import { listen } from '../runtime/http-server.js';
import { createMetricsRegistry, OPS_DEFAULT_PORTS, startOpsServer } from '../runtime/ops-server.js';
import { freeLoopbackAddress } from '../runtime/sdk-metrics.js';
import { exitOnStartupError } from '../runtime/shutdown.js';
import { connectClient, connectWorker } from '../runtime/temporal-connections.js';
import { installTemporalRuntime } from '../runtime/temporal-runtime.js';
import { startSandbox } from '../sandbox/server.js';
import { createWorker } from '../worker/create-worker.js';
import { ensureEventDispatchSchedule } from '../worker/event-dispatch-schedule.js';
import { ensureIdempotencyPurgeSchedule } from '../worker/idempotency-purge-schedule.js';
import { defaultWorkerIdentity } from '../worker/identity.js';
import { workerReadiness } from '../worker/readiness.js';
import { ensureReconciliationSchedule } from '../worker/reconciliation-schedule.js';
import { startTemporalDevServer } from './lib/temporal-dev-server.js';
import { ensureTemporalCli } from './temporal-cli.mjs';

const stops: Array<() => Promise<void>> = [];
async function stopAll() {
  for (const stop of stops.reverse()) await stop().catch((e) => console.error(e));
}

try {
  const config = loadConfig({
    SHORT_PERIODS_ENABLED: 'true',
    // The console links workflows to this stack's own Web UI.
    TEMPORAL_UI_URL: `http://localhost:${process.env.TEMPORAL_UI_PORT ?? 8233}`,
    ...process.env,
  });
  // Before anything starts: the sandbox's /_sandbox controls and the API stay on loopback with the public defaults.
  assertSafeBind('API', 'HOST', config.http.host, apiPublicDefaults(config));
  assertSafeBind(
    'sandbox acquirer',
    'SANDBOX_HOST',
    config.sandbox.host,
    sandboxPublicDefaults(config.sandbox.apiSecret, config.sandbox.yookassa.secretKey),
  );
  // API and worker in one process: one provider, one service name (OTEL_SERVICE_NAME still overrides it).
  const tracing = startTracing(config, 'movix-billing-dev');
  stops.push(tracing.shutdown);
  const logger = createLogger(config.logLevel, 'dev-stack', { file: config.logFile });
  const sdkMetricsAddress = await freeLoopbackAddress();
  installTemporalRuntime(config.logLevel, config.logFile, sdkMetricsAddress);
  // One process, one registry: the worker's and the API's counters and the database gauges on one /metrics.
  const registry = createMetricsRegistry();
  const metrics = createBusinessMetrics(registry);
  const dataDir = resolve(config.database.dataDir);
  mkdirSync(dataDir, { recursive: true });

  const temporalPort = Number(config.temporal.address.split(':').pop());
  const temporal = await startTemporalDevServer({
    cliPath: ensureTemporalCli(),
    dbFile: join(dataDir, 'temporal.db'),
    port: temporalPort,
    uiPort: Number(process.env.TEMPORAL_UI_PORT ?? 8233),
    namespace: config.temporal.namespace,
  });
  stops.push(temporal.stop);

  const sandbox = await startSandbox(config.sandbox);
  stops.push(sandbox.close);

  const database = await openDb(config.database);
  await seedCatalog(database.db, config);
  stops.push(database.close);

  const client = await connectClient(config.temporal);
  stops.push(() => client.connection.close());
  const workerConnection = await connectWorker(config.temporal);
  const identity = defaultWorkerIdentity();
  const acquirers = createAcquirers(config.acquiring);
  const activities = createActivities(
    activityDepsFromConfig(config, { db: database.db, acquirers, client, workerIdentity: identity, metrics }),
  );
  const worker = await createWorker({
    connection: workerConnection,
    ...config.temporal,
    activities,
    identity,
    options: config.worker,
    workflowSpans: { spanProcessor: tracing.workflowSpanProcessor, resource: tracing.resource },
  });
  // The worker reacts to SIGINT/SIGTERM itself and resolves run() once drained.
  const workerDone = worker.run();
  await ensureReconciliationSchedule(client, config);
  await ensureEventDispatchSchedule(client, config);
  await ensureIdempotencyPurgeSchedule(client, config);
  stops.push(async () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await workerDone;
    await workerConnection.close();
  });

  const ops = await startOpsServer({
    registry,
    logger,
    sdkMetricsAddress,
    beforeScrape: [createDatabaseGauges(registry, database.db).refresh],
    ready: workerReadiness(worker, client, { ...config.temporal, identity }),
    host: config.ops.host,
    port: config.ops.port ?? OPS_DEFAULT_PORTS.api,
  });
  stops.push(ops.close);

  const apiDeps = { config, db: database.db, temporal: client, logger, acquirers, metrics };
  const inboxRelay = createInboxRelay(apiDeps);
  inboxRelay.start();
  stops.push(inboxRelay.stop);
  const app = createApp({ ...apiDeps, inboxRelay });
  const api = await listen(app.fetch, config.http.port, config.http.host);
  stops.push(api.close);

  console.log(`
Movix Billing local stack is up (data in ${dataDir}, database: ${database.driver})
  API                 ${api.url}   (docs ${api.url}/docs)
  Operators' console  ${api.url}/console   (sign in with: npm run token -- --sub <you> --admin)
  Metrics             ${ops.url}/metrics   (worker readiness ${ops.url}/ready)
  Temporal            ${temporal.address}
  Temporal Web UI     ${temporal.uiUrl}
  Sandbox acquirer    ${sandbox.url}   (YooKassa API ${sandbox.url}/yookassa/v3)
  Acquirers           ${config.acquiring.names.map((name) => (name === config.acquiring.provider ? `${name} (default for new checkouts)` : name)).join(', ')}
Press Ctrl-C to stop everything.
`);

  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping the local stack…');
    stopAll().then(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  workerDone.catch((error) => {
    logger.error({ err: error }, 'worker failed');
    shutdown();
  });
} catch (error) {
  await stopAll();
  exitOnStartupError(error);
}
