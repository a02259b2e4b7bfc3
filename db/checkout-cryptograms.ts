import { eq, lt } from 'drizzle-orm';
import type { Database } from './create-db.js';
import { checkoutCryptograms } from './schema/index.js';

/** Where a checkout's card cryptogram waits between the API and the charge (never in workflow history). */
export function checkoutCryptogramStore(db: Pick<Database, 'select' | 'insert' | 'delete'>) {
  return {
    async keep(invoiceId: string, packet: string) {
      await db
        .insert(checkoutCryptograms)
        .values({ invoiceId, packet })
        .onConflictDoUpdate({ target: checkoutCryptograms.invoiceId, set: { packet } });
    },
    async read(invoiceId: string) {
      const [row] = await db.select().from(checkoutCryptograms).where(eq(checkoutCryptograms.invoiceId, invoiceId));
      return row?.packet;
    },
    async forget(invoiceId: string) {
      await db.delete(checkoutCryptograms).where(eq(checkoutCryptograms.invoiceId, invoiceId));
    },
    /** Drops packets older than `before` (checkouts that never reached the acquirer); returns how many. */
    async purge(before: Date) {
      const gone = await db
        .delete(checkoutCryptograms)
        .where(lt(checkoutCryptograms.createdAt, before))
        .returning({ invoiceId: checkoutCryptograms.invoiceId });
      return gone.length;
    },
  };
}
