// The worker alone: `npm run worker`. Scale by running more of these against the same task queue.
import { createAcquirers } from '../acquiring/registry.js';
import { activityDepsFromConfig } from '../activities/deps-from-config.js';
import { createActivities } from '../activities/index.js';
import { loadConfig } from '../config/config.js';
import { openDb } from '../db/create-db.js';
import { createBusinessMetrics } from '../observability/business-metrics.js';
import { createLogger } from '../observability/logger.js';
import { startTracing } from '../observability/tracing.js';
import { createMetricsRegistry, OPS_DEFAULT_PORTS, startOpsServer } from '../runtime/ops-server.js';
import { freeLoopbackAddress } from '../runtime/sdk-metrics.js';
import { exitOnStartupError } from '../runtime/shutdown.js';
import { connectClient, connectWorker } from '../runtime/temporal-connections.js';
import { installTemporalRuntime } from '../runtime/temporal-runtime.js';
import { createWorker } from './create-worker.js';
import { ensureEventDispatchSchedule } from './event-dispatch-schedule.js';
import { ensureIdempotencyPurgeSchedule } from './idempotency-purge-schedule.js';
import { defaultWorkerIdentity } from './identity.js';
import { workerReadiness } from './readiness.js';
import { ensureReconciliationSchedule } from './reconciliation-schedule.js';

try {
  const config = loadConfig();
  const tracing = startTracing(config, 'movix-billing-worker');
  const logger = createLogger(config.logLevel, 'worker', { file: config.logFile });
  const sdkMetricsAddress = await freeLoopbackAddress();
  installTemporalRuntime(config.logLevel, config.logFile, sdkMetricsAddress);
  const registry = createMetricsRegistry();
  const database = await openDb(config.database);
  const connection = await connectWorker(config.temporal);
  const identity = defaultWorkerIdentity();
  const client = await connectClient(config.temporal);
  const activities = createActivities(
    activityDepsFromConfig(config, {
      db: database.db,
      acquirers: createAcquirers(config.acquiring),
      client,
      workerIdentity: identity,
      metrics: createBusinessMetrics(registry),
    }),
  );
  const worker = await createWorker({
    connection,
    ...config.temporal,
    activities,
    identity,
    // On SIGTERM the SDK stops polling and lets running activities finish for the grace time, then cancels them.
    options: {
      ...config.worker,
      shutdownGraceTime: config.shutdownGraceMs,
      shutdownForceTime: config.shutdownGraceMs + 5000,
    },
    workflowSpans: { spanProcessor: tracing.workflowSpanProcessor, resource: tracing.resource },
  });
  const { host, port = OPS_DEFAULT_PORTS.worker } = config.ops;
  const ready = workerReadiness(worker, client, { ...config.temporal, identity });
  const ops = await startOpsServer({ registry, logger, sdkMetricsAddress, ready, host, port });
  logger.info({ url: ops.url }, 'worker ops listening (/metrics, /health, /ready)');
  const scheduleId = await ensureReconciliationSchedule(client, config);
  const eventScheduleId = await ensureEventDispatchSchedule(client, config);
  const purgeScheduleId = await ensureIdempotencyPurgeSchedule(client, config);
  logger.info({ scheduleId: eventScheduleId, endpoints: config.events.endpoints.length }, 'event delivery');
  logger.info({ scheduleId, everySeconds: config.reconciliation.intervalSeconds }, 'reconciliation scheduled');
  logger.info({ scheduleId: purgeScheduleId, ttlSeconds: config.idempotency.keyTtlSeconds }, 'idempotency key purge');
  logger.info({ taskQueue: config.temporal.taskQueue, identity }, 'worker running');
  // Worker.run() handles SIGINT/SIGTERM itself: it drains in-flight tasks, then resolves (rejects past the force time).
  const stopped = await worker.run().then(
    () => true,
    (error: unknown) => {
      logger.error({ err: error }, 'worker stopped with an error');
      return false;
    },
  );
  await ops.close();
  await client.connection.close();
  await connection.close();
  await database.close();
  await tracing.shutdown();
  logger.info({ clean: stopped }, 'worker shut down');
  process.exit(stopped ? 0 : 1);
} catch (error) {
  exitOnStartupError(error);
}
