// The API alone: `npm run api`. Reads config, builds dependencies, serves.

import { createAcquirers } from '../acquiring/registry.js';
import { seedCatalog } from '../catalog/seed-catalog.js';
import { apiPublicDefaults, assertSafeBind } from '../config/bind-guard.js';
import { loadConfig } from '../config/config.js';
import { openDb } from '../db/create-db.js';
import { createBusinessMetrics } from '../observability/business-metrics.js';
import { createDatabaseGauges } from '../observability/database-gauges.js';
import { createLogger } from '../observability/logger.js';
import { startTracing } from '../observability/tracing.js';
import { listen } from '../runtime/http-server.js';
import { createMetricsRegistry, OPS_DEFAULT_PORTS, startOpsServer } from '../runtime/ops-server.js';
import { exitOnStartupError, onShutdown } from '../runtime/shutdown.js';
import { connectClient } from '../runtime/temporal-connections.js';
import { installTemporalRuntime } from '../runtime/temporal-runtime.js';
import { createApp } from './create-app.js';
import { createInboxRelay } from './routes/webhooks/inbox-relay.js';

try {
  const config = loadConfig();
  assertSafeBind('API', 'HOST', config.http.host, apiPublicDefaults(config));
  const tracing = startTracing(config, 'movix-billing-api');
  const logger = createLogger(config.logLevel, 'api', { file: config.logFile });
  installTemporalRuntime(config.logLevel, config.logFile);
  const database = await openDb(config.database);
  await seedCatalog(database.db, config);
  const temporal = await connectClient(config.temporal);
  const registry = createMetricsRegistry();
  const metrics = createBusinessMetrics(registry);
  const deps = { config, db: database.db, temporal, logger, acquirers: createAcquirers(config.acquiring), metrics };
  // Delivers what the webhooks store; its first pass takes what was pending when the last process stopped.
  const inboxRelay = createInboxRelay(deps);
  inboxRelay.start();
  const app = createApp({ ...deps, inboxRelay });
  const server = await listen(app.fetch, config.http.port, config.http.host);
  logger.info({ url: server.url }, 'API listening');
  // The database gauges are read here only (one process type), so a dashboard's max() over replicas is the value.
  const gauges = createDatabaseGauges(registry, database.db);
  const { host, port = OPS_DEFAULT_PORTS.api } = config.ops;
  // No Temporal SDK metrics here: the API's client speaks gRPC from JavaScript, not through the SDK's core.
  const ops = await startOpsServer({ registry, logger, beforeScrape: [gauges.refresh], host, port });
  logger.info({ url: `${ops.url}/metrics` }, 'API metrics listening');
  // SIGTERM: no new connections, requests in flight answered (cut after SHUTDOWN_GRACE_SECONDS), then the relay and
  // the connections close; the whole stop is bounded so it ends before the orchestrator's SIGKILL.
  onShutdown(
    logger,
    async () => {
      await server.close(config.shutdownGraceMs);
      await ops.close();
      await inboxRelay.stop();
      await temporal.connection.close();
      await database.close();
      await tracing.shutdown();
    },
    { forceAfterMs: config.shutdownGraceMs + 5000 },
  );
} catch (error) {
  exitOnStartupError(error);
}
