import { and, asc, eq, inArray, isNotNull, isNull, min, sql } from 'drizzle-orm';
import type { Database } from '../db/create-db.js';
import { eventDeliveries, eventOutbox } from '../db/schema/index.js';

export interface EventDeliveryDeps {
  db: Database;
  events: { endpoints: readonly string[] };
}

export interface PendingDelivery {
  eventId: string;
  sequence: number | null;
}

/** Reads (and the bookkeeping rows they need) behind event delivery; posting is `deliverEvent`'s job. */
export function createEventDeliveryActivities({ db, events }: EventDeliveryDeps) {
  return {
    /** The configured endpoints, read by the worker so workflow code never reads configuration. */
    async listEventEndpoints(): Promise<string[]> {
      return [...events.endpoints];
    },

    /** Subscriptions with undelivered events, the longest-waiting first: what the sweep hands to delivery. */
    async listEventBacklog({ limit }: { limit: number }): Promise<string[]> {
      const rows = await db
        .select({ subscriptionId: eventOutbox.subscriptionId, oldest: min(eventOutbox.createdAt) })
        .from(eventOutbox)
        .where(and(isNull(eventOutbox.deliveredAt), isNotNull(eventOutbox.subscriptionId)))
        .groupBy(eventOutbox.subscriptionId)
        .orderBy(asc(min(eventOutbox.createdAt)))
        .limit(limit);
      return rows.flatMap((r) => (r.subscriptionId ? [r.subscriptionId] : []));
    },

    /**
     * The subscription's events `endpoint` has not acknowledged, in sequence order. Creates the missing
     * (event, endpoint) rows first, idempotently, so every attempt has a row to be recorded on.
     */
    async listPendingDeliveries(input: {
      subscriptionId: string;
      endpoint: string;
      limit: number;
    }): Promise<PendingDelivery[]> {
      const { subscriptionId, endpoint, limit } = input;
      if (!events.endpoints.includes(endpoint)) return [];
      const undelivered = and(eq(eventOutbox.subscriptionId, subscriptionId), isNull(eventOutbox.deliveredAt));
      await db.execute(sql`
        insert into ${eventDeliveries} (${sql.identifier('event_id')}, ${sql.identifier('endpoint')})
        select ${eventOutbox.id}, ${endpoint}::text from ${eventOutbox} where ${undelivered}
        on conflict do nothing`);
      return db
        .select({ eventId: eventDeliveries.eventId, sequence: eventOutbox.sequence })
        .from(eventDeliveries)
        .innerJoin(eventOutbox, eq(eventOutbox.id, eventDeliveries.eventId))
        .where(
          and(
            eq(eventOutbox.subscriptionId, subscriptionId),
            eq(eventDeliveries.endpoint, endpoint),
            isNull(eventDeliveries.deliveredAt),
          ),
        )
        .orderBy(asc(eventOutbox.sequence), asc(eventOutbox.createdAt))
        .limit(limit);
    },
  };
}

type Executor = Pick<Database, 'select' | 'update'>;

/** Marks the event delivered once every configured endpoint has acknowledged it. */
export async function completeEventIfDelivered(tx: Executor, eventId: string, endpoints: readonly string[], at: Date) {
  if (endpoints.length === 0) return;
  const acknowledged = await tx
    .select({ endpoint: eventDeliveries.endpoint })
    .from(eventDeliveries)
    .where(
      and(
        eq(eventDeliveries.eventId, eventId),
        inArray(eventDeliveries.endpoint, [...endpoints]),
        isNotNull(eventDeliveries.deliveredAt),
      ),
    );
  if (acknowledged.length < endpoints.length) return;
  await tx
    .update(eventOutbox)
    .set({ deliveredAt: at })
    .where(and(eq(eventOutbox.id, eventId), isNull(eventOutbox.deliveredAt)));
}
