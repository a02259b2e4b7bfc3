// The API alone: `npm run api`. Reads config, builds dependencies, serves.

import { createAcquirers } from '../acquiring/registry.js';
import { seedCatalog } from '../catalog/seed-catalog.js';
import { apiPublicDefaults, assertSafeBind } from '../config/bind-guard.js';
import { loadConfig } from '../config/config.js';
import { openDb } from '../db/create-db.js';
import { createLogger } from '../observability/logger.js';
import { startTracing } from '../observability/tracing.js';
import { listen } from '../runtime/http-server.js';
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
  const deps = { config, db: database.db, temporal, logger, acquirers: createAcquirers(config.acquiring) };
  // Delivers what the webhooks store; its first pass takes what was pending when the last process stopped.
  const inboxRelay = createInboxRelay(deps);
  inboxRelay.start();
  const app = createApp({ ...deps, inboxRelay });
  const server = await listen(app.fetch, config.http.port, config.http.host);
  logger.info({ url: server.url }, 'API listening');
  onShutdown(logger, async () => {
    await server.close();
    await inboxRelay.stop();
    await temporal.connection.close();
    await database.close();
    await tracing.shutdown();
  });
} catch (error) {
  exitOnStartupError(error);
}
