import { eq, max, or, sql } from 'drizzle-orm';
import type { Database } from '../db/create-db.js';
import { eventOutbox } from '../db/schema/index.js';

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

export interface OutboxEvent {
  /** Stable across retries: derived from business ids and the transition that produced it. */
  id: string;
  type: string;
  data: Record<string, unknown>;
}

/**
 * Appends events for one subscription inside the caller's transaction, numbering them with the subscription's next
 * sequence numbers. The caller holds the subscription row lock, so numbers never collide. Already-written ids are
 * skipped, which makes a retried activity a no-op.
 */
export async function appendSubscriptionEvents(tx: Tx, subscriptionId: string, events: OutboxEvent[], at: Date) {
  if (events.length === 0) return;
  const firstId = events[0]?.id ?? '';
  // One read: whether the first id is written already, and the subscription's last sequence number. Should the id be
  // written (under any subscription), nothing is appended, so its row counting into the max changes nothing.
  const [row] = await tx
    .select({
      last: max(eventOutbox.sequence),
      seen: sql<boolean>`coalesce(bool_or(${eventOutbox.id} = ${firstId}), false)`,
    })
    .from(eventOutbox)
    .where(or(eq(eventOutbox.subscriptionId, subscriptionId), eq(eventOutbox.id, firstId)));
  if (row?.seen) return;
  let sequence = row?.last ?? 0;
  await tx.insert(eventOutbox).values(
    events.map((e) => ({
      id: e.id,
      type: e.type,
      subscriptionId,
      sequence: ++sequence,
      data: e.data,
      createdAt: at,
    })),
  );
}
