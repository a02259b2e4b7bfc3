// The billing worker as `npm start` runs it, on the bench stack's connection: real activities over its PostgreSQL
// and acquirers.
import { createActivities } from '../../activities/index.js';
import { createWorker } from '../../worker/create-worker.js';
import type { BenchStack } from './bench-stack.js';

export function createBenchWorker(stack: BenchStack, workerIdentity: string) {
  const { config } = stack;
  const activities = createActivities({
    db: stack.database.db,
    acquirers: stack.acquirers,
    workerIdentity,
    now: () => new Date(),
    publicBaseUrl: config.http.publicBaseUrl,
    threeDsStateSecret: config.threeDsStateSecret,
    inboxEncryptionKey: config.inboxEncryptionKey,
    receipts: config.receipts,
    events: config.events,
  });
  return createWorker({ connection: stack.workerConnection, ...config.temporal, activities });
}
