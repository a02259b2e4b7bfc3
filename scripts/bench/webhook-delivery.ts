// Whether every notification the API answered was delivered, and how long delivery took: from the inbox rows (stored
// → processed) and from the workflows' own histories (each answered new `pay` is one signal there, exactly once).

import type { Client } from '@temporalio/client';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Database } from '../../db/create-db.js';
import { webhookInbox } from '../../db/schema/index.js';
import { subscriptionWorkflowId } from '../../workflows/workflow-ids.js';
import { percentile } from './figures.js';
import { pollUntil } from './poll.js';

const payKeys = (transactionIds: readonly number[]) => transactionIds.map((id) => `pay:${id}`);

/** Waits (up to `deadlineMs`) until none of these `pay` rows is undelivered; returns how many still are. */
export async function waitForDelivery(db: Database, transactionIds: readonly number[], deadlineMs: number) {
  const keys = payKeys(transactionIds);
  const undelivered = async () => {
    let pending = 0;
    for (let i = 0; i < keys.length; i += 1000) {
      const [row] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(webhookInbox)
        .where(
          and(
            eq(webhookInbox.kind, 'pay'),
            inArray(webhookInbox.dedupeKey, keys.slice(i, i + 1000)),
            isNull(webhookInbox.processedAt),
          ),
        );
      pending += row?.n ?? 0;
    }
    return pending;
  };
  const { value } = await pollUntil(undelivered, (n) => n === 0, { deadline: Date.now() + deadlineMs, everyMs: 200 });
  return value;
}

/** Stored → processed, per row, in milliseconds. */
export async function timesToDelivery(db: Database, transactionIds: readonly number[]) {
  const keys = payKeys(transactionIds);
  const times: number[] = [];
  let [first, last] = [Number.POSITIVE_INFINITY, 0];
  for (let i = 0; i < keys.length; i += 1000) {
    const rows = await db
      .select({
        ms: sql<number>`(extract(epoch from processed_at - received_at) * 1000)::float8`,
        stored: sql<number>`(extract(epoch from received_at) * 1000)::float8`,
        processed: sql<number>`(extract(epoch from processed_at) * 1000)::float8`,
      })
      .from(webhookInbox)
      .where(and(eq(webhookInbox.kind, 'pay'), inArray(webhookInbox.dedupeKey, keys.slice(i, i + 1000))));
    for (const r of rows) {
      if (r.ms === null) continue;
      times.push(Number(r.ms));
      first = Math.min(first, Number(r.stored));
      last = Math.max(last, Number(r.processed));
    }
  }
  // Deliveries per second from the first store to the last delivery: what the relay sustained behind the webhooks.
  const perSecond = times.length / ((last - first) / 1000);
  return { rows: times.length, p50Ms: percentile(times, 50), p99Ms: percentile(times, 99), perSecond };
}

/** `paymentResult` signals the subscriptions' workflows have received, all together. */
export async function signalsReceived(client: Client, subscriptionIds: readonly string[]) {
  let total = 0;
  for (const id of subscriptionIds) {
    const history = await client.workflow.getHandle(subscriptionWorkflowId(id)).fetchHistory();
    total += (history.events ?? []).filter(
      (e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'paymentResult',
    ).length;
  }
  return total;
}
