import { and, asc, eq, inArray, isNotNull, isNull, min, sql } from 'drizzle-orm';
import type { Database } from '../db/create-db.js';
import { eventDeliveries, eventOutbox } from '../db/schema/index.js';
import { endpointKey } from './event-endpoint-key.js';

export interface EventDeliveryDeps {
  db: Database;
  events: { endpoints: readonly string[] };
}

export interface EventBacklogItem {
  subscriptionId: string;
  endpoint: string;
  /** Short stable hash of the endpoint URL, for workflow ids. */
  endpointKey: string;
}

export interface PendingDelivery {
  eventId: string;
  sequence: number | null;
}

/** Reads (and the bookkeeping rows they need) behind event delivery; posting is `deliverEvent`'s job. */
export function createEventDeliveryActivities({ db, events }: EventDeliveryDeps) {
  return {
    /**
     * (subscription, endpoint) pairs with events that endpoint has not acknowledged, the longest-waiting first:
     * what the sweep hands to delivery. Endpoints come from the worker's configuration, never from workflow code.
     */
    async listEventBacklog({ limit }: { limit: number }): Promise<EventBacklogItem[]> {
      const perEndpoint = await Promise.all(
        events.endpoints.map(async (endpoint) => {
          const rows = await db
            .select({ subscriptionId: eventOutbox.subscriptionId, oldest: min(eventOutbox.createdAt) })
            .from(eventOutbox)
            .leftJoin(
              eventDeliveries,
              and(eq(eventDeliveries.eventId, eventOutbox.id), eq(eventDeliveries.endpoint, endpoint)),
            )
            .where(
              and(
                isNull(eventOutbox.deliveredAt),
                isNotNull(eventOutbox.subscriptionId),
                isNull(eventDeliveries.deliveredAt),
              ),
            )
            .groupBy(eventOutbox.subscriptionId)
            .orderBy(asc(min(eventOutbox.createdAt)))
            .limit(limit);
          const key = endpointKey(endpoint);
          return rows.map((r) => ({
            subscriptionId: r.subscriptionId ?? '',
            endpoint,
            endpointKey: key,
            oldest: r.oldest,
          }));
        }),
      );
      return perEndpoint
        .flat()
        .sort((x, y) => (x.oldest?.getTime() ?? 0) - (y.oldest?.getTime() ?? 0))
        .slice(0, limit)
        .map(({ oldest: _, ...item }) => item);
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
