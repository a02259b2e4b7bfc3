// What a worker's activities take from its configuration, in one place for every process that builds them (the
// worker, `npm start`, the benches, the test stack).
import type { Client } from '@temporalio/client';
import type { Acquirers } from '../acquiring/registry.js';
import type { Config } from '../config/config.js';
import type { Database } from '../db/create-db.js';
import type { BusinessMetrics } from '../observability/business-metrics.js';
import type { ActivityDeps } from './index.js';

export interface ActivityParts {
  db: Database;
  acquirers: Acquirers;
  /** The client activities start workflows with (the bulk import's subscriptions). */
  client: Pick<Client, 'workflow'>;
  workerIdentity: string;
  now?: (() => Date) | undefined;
  metrics?: BusinessMetrics | undefined;
}

export function activityDepsFromConfig(config: Config, parts: ActivityParts): ActivityDeps {
  return {
    db: parts.db,
    acquirers: parts.acquirers,
    workerIdentity: parts.workerIdentity,
    now: parts.now ?? (() => new Date()),
    publicBaseUrl: config.http.publicBaseUrl,
    threeDsStateSecret: config.threeDsStateSecret,
    inboxEncryptionKey: config.inboxEncryptionKey,
    receipts: config.receipts,
    events: config.events,
    temporal: { client: parts.client, taskQueue: config.temporal.taskQueue },
    metrics: parts.metrics,
  };
}
