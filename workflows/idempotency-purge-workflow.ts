// The purge (`idempotency-purge-<task queue>` schedule): expired Idempotency-Keys are deleted. The API already treats
// an expired key as new, so a late or skipped run only leaves rows behind for longer.
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';

export interface IdempotencyPurgeInput {
  ttlSeconds: number;
}

const { purgeExpiredIdempotencyKeys } = proxyActivities<Activities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', maximumAttempts: 5 },
});

export async function idempotencyPurgeWorkflow(input: IdempotencyPurgeInput): Promise<{ purged: number }> {
  return purgeExpiredIdempotencyKeys({ ttlSeconds: input.ttlSeconds });
}
