import { eq } from 'drizzle-orm';
import type { CustomerContact } from '../domain/receipts.js';
import type { Database } from './create-db.js';
import { subscriptionContacts } from './schema/index.js';

/** A subscription's receipt contact: kept by the API at checkout, read by the activities that build receipts. */
export function subscriptionContactStore(db: Pick<Database, 'select' | 'insert'>) {
  return {
    async keep(subscriptionId: string, contact: CustomerContact) {
      const values = { email: contact.email ?? null, phone: contact.phone ?? null };
      await db
        .insert(subscriptionContacts)
        .values({ subscriptionId, ...values })
        .onConflictDoUpdate({ target: subscriptionContacts.subscriptionId, set: { ...values, updatedAt: new Date() } });
    },
    async read(subscriptionId: string): Promise<CustomerContact> {
      const [row] = await db
        .select()
        .from(subscriptionContacts)
        .where(eq(subscriptionContacts.subscriptionId, subscriptionId));
      return { email: row?.email ?? undefined, phone: row?.phone ?? undefined };
    },
  };
}
