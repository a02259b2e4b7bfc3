import { and, eq } from 'drizzle-orm';
import type { AcquirerNotification } from '../../../acquiring/provider.js';
import type { Database } from '../../../db/create-db.js';
import { webhookInbox } from '../../../db/schema/index.js';
import { createTokenSeal, withoutToken } from '../../../db/token-seal.js';

export type InboxRow = typeof webhookInbox.$inferSelect;

/**
 * Stores a notification once: a redelivery finds the row it made (by acquirer, route and the acquirer's dedupe key).
 * The card token is kept sealed, never in clear: the payload holds it encrypted, the raw body not at all.
 */
export async function takeIntoInbox(
  db: Database,
  inboxEncryptionKey: string,
  at: { provider: string; route: string },
  notification: AcquirerNotification,
  rawBody: Uint8Array,
): Promise<InboxRow | undefined> {
  const seal = createTokenSeal(inboxEncryptionKey);
  const { raw: _raw, token, ...payload } = notification;
  const key = { provider: at.provider, kind: at.route, dedupeKey: notification.dedupeKey };
  const [inserted] = await db
    .insert(webhookInbox)
    .values({
      ...key,
      rawBody: withoutToken(Buffer.from(rawBody).toString('utf8'), token),
      payload: token ? { ...payload, sealedToken: seal.seal(token) } : payload,
    })
    .onConflictDoNothing()
    .returning();
  if (inserted) return inserted;
  const [existing] = await db
    .select()
    .from(webhookInbox)
    .where(
      and(
        eq(webhookInbox.provider, key.provider),
        eq(webhookInbox.kind, key.kind),
        eq(webhookInbox.dedupeKey, key.dedupeKey),
      ),
    );
  return existing;
}

export async function markInbox(db: Database, id: number, outcome: { processedAt: Date } | { error: unknown }) {
  const set =
    'processedAt' in outcome
      ? { processedAt: outcome.processedAt, processError: null }
      : { processError: String(outcome.error) };
  await db.update(webhookInbox).set(set).where(eq(webhookInbox.id, id));
}
