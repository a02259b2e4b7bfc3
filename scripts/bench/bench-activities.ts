// The billing activities as `npm start` builds them, on the bench stack's database, acquirers and Temporal client.
import { createActivities } from '../../activities/index.js';
import type { BenchStack } from './bench-stack.js';

export function createBenchActivities(stack: BenchStack, workerIdentity: string) {
  const { config, database, client } = stack;
  return createActivities({
    db: database.db,
    acquirers: stack.acquirers,
    workerIdentity,
    now: () => new Date(),
    publicBaseUrl: config.http.publicBaseUrl,
    threeDsStateSecret: config.threeDsStateSecret,
    inboxEncryptionKey: config.inboxEncryptionKey,
    receipts: config.receipts,
    events: config.events,
    temporal: { client, taskQueue: config.temporal.taskQueue },
  });
}
