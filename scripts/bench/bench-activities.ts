// The billing activities as `npm start` builds them, on the bench stack's database, acquirers and Temporal client.
import { activityDepsFromConfig } from '../../activities/deps-from-config.js';
import { createActivities } from '../../activities/index.js';
import type { BenchStack } from './bench-stack.js';

export function createBenchActivities(stack: BenchStack, workerIdentity: string) {
  const { config, database, client } = stack;
  return createActivities(
    activityDepsFromConfig(config, { db: database.db, acquirers: stack.acquirers, client, workerIdentity }),
  );
}
