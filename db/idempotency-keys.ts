import { lt } from 'drizzle-orm';
import type { Database } from './create-db.js';
import { idempotencyKeys } from './schema/index.js';

/** Keys created before this instant have expired: they replay nothing and are purged. */
export const keyExpiryCutoff = (now: Date, ttlSeconds: number) => new Date(now.getTime() - ttlSeconds * 1000);

/** Deletes every expired key; returns how many. */
export async function purgeExpiredKeys(db: Database, cutoff: Date): Promise<number> {
  const purged = await db
    .delete(idempotencyKeys)
    .where(lt(idempotencyKeys.createdAt, cutoff))
    .returning({ key: idempotencyKeys.key });
  return purged.length;
}
