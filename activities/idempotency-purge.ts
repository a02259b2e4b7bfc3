import type { Database } from '../db/create-db.js';
import { keyExpiryCutoff, purgeExpiredKeys } from '../db/idempotency-keys.js';

export interface IdempotencyPurgeDeps {
  db: Database;
  now: () => Date;
}

export function createIdempotencyPurgeActivities({ db, now }: IdempotencyPurgeDeps) {
  return {
    /** Forgets Idempotency-Keys older than their time to live; repeating it removes nothing more. */
    async purgeExpiredIdempotencyKeys({ ttlSeconds }: { ttlSeconds: number }): Promise<{ purged: number }> {
      return { purged: await purgeExpiredKeys(db, keyExpiryCutoff(now(), ttlSeconds)) };
    },
  };
}
