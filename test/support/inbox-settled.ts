import { and, count, isNull } from 'drizzle-orm';
import type { Database } from '../../db/create-db.js';
import { webhookInbox } from '../../db/schema/index.js';
import { until } from './billing-client.js';

/**
 * Waits until the API's inbox relay has been through every stored notification at least once: each is delivered
 * (processed) or its error is kept on the row. Webhooks answer once a notification is stored, before its delivery,
 * so a test reading what a notification changed (a signal, a discrepancy, the books) waits here first.
 */
export async function inboxSettled(db: Database, timeoutMs = 15_000): Promise<void> {
  await until(
    'every stored notification delivered by the inbox relay (or its error kept)',
    async () => {
      const [row] = await db
        .select({ n: count() })
        .from(webhookInbox)
        .where(and(isNull(webhookInbox.processedAt), isNull(webhookInbox.processError)));
      return row?.n === 0;
    },
    timeoutMs,
    20,
  );
}
