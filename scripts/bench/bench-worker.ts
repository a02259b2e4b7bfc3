// The billing worker as `npm start` runs it, on the bench stack's connection: real activities over its PostgreSQL
// and acquirers.
import { createWorker } from '../../worker/create-worker.js';
import { createBenchActivities } from './bench-activities.js';
import type { BenchStack } from './bench-stack.js';

export function createBenchWorker(stack: BenchStack, workerIdentity: string) {
  const { config } = stack;
  const activities = createBenchActivities(stack, workerIdentity);
  return createWorker({ connection: stack.workerConnection, ...config.temporal, activities });
}
