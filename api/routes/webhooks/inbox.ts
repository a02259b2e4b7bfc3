import { and, eq, sql } from 'drizzle-orm';
import type { AcquirerNotification } from '../../../acquiring/provider.js';
import type { Database } from '../../../db/create-db.js';
import { webhookInbox } from '../../../db/schema/index.js';
import { createTokenSeal, withoutToken } from '../../../db/token-seal.js';

export type InboxRow = typeof webhookInbox.$inferSelect;
export type Authenticity = InboxRow['authenticity'];

/**
 * Stores a notification once, in one statement, and says whether the relay has something (new) to deliver: a signed
 * redelivery finds the row it made (by acquirer, route and the acquirer's dedupe key) and changes nothing; an unsigned
 * one proves nothing, so the first with a key cannot stand for it (a forger's may have come first): it makes the row
 * pending again with its own claim, to be looked up again. The card token is kept sealed, never in clear: the payload
 * holds it encrypted, the raw body not at all.
 */
export async function takeIntoInbox(
  db: Database,
  inboxEncryptionKey: string,
  at: { provider: string; route: string; authenticity: Authenticity },
  notification: AcquirerNotification,
  rawBody: Uint8Array,
): Promise<{ id: number } | undefined> {
  const { raw: _raw, token, ...fields } = notification;
  const payload = token ? { ...fields, sealedToken: createTokenSeal(inboxEncryptionKey).seal(token) } : fields;
  const insert = db.insert(webhookInbox).values({
    provider: at.provider,
    kind: at.route,
    dedupeKey: notification.dedupeKey,
    rawBody: withoutToken(Buffer.from(rawBody).toString('utf8'), token),
    payload,
    authenticity: at.authenticity,
    claim: at.authenticity === 'unsigned' ? payload : null,
  });
  const [row] =
    at.authenticity === 'signed'
      ? await insert.onConflictDoNothing().returning({ id: webhookInbox.id })
      : await insert
          .onConflictDoUpdate({
            target: [webhookInbox.provider, webhookInbox.kind, webhookInbox.dedupeKey],
            set: {
              processedAt: null,
              processError: null,
              claim: sql`excluded.claim`,
              attempts: sql`${webhookInbox.attempts} + 1`,
              deliverAfter: sql`now()`,
            },
          })
          .returning({ id: webhookInbox.id });
  return row;
}

/**
 * A relay's outcome for a row it claimed: written only while the row is still the one it took (`attempts` unchanged),
 * so a redelivery that came meanwhile (an unsigned one, pending again) is not marked done by the older delivery.
 */
export async function markInbox(
  db: Database,
  taken: { id: number; attempts: number },
  outcome: { processedAt: Date } | { error: unknown; retryInMs: number },
) {
  const set =
    'processedAt' in outcome
      ? { processedAt: outcome.processedAt, processError: null }
      : {
          processError: String(outcome.error),
          deliverAfter: sql`now() + ${`${Math.round(outcome.retryInMs)} milliseconds`}::interval`,
        };
  await db
    .update(webhookInbox)
    .set(set)
    .where(and(eq(webhookInbox.id, taken.id), eq(webhookInbox.attempts, taken.attempts)));
}

/** Marks delivered, in one statement, the rows a relay took (each only while it is still the one it took). */
export async function markDelivered(db: Database, taken: readonly { id: number; attempts: number }[], at: Date) {
  if (taken.length === 0) return;
  const pairs = sql.join(
    taken.map((t) => sql`(${t.id}::bigint, ${t.attempts}::int)`),
    sql`, `,
  );
  await db
    .update(webhookInbox)
    .set({ processedAt: at, processError: null })
    .where(sql`(${webhookInbox.id}, ${webhookInbox.attempts}) IN (${pairs})`);
}

/**
 * Takes up to `limit` rows due for delivery, atomically, for `leaseMs`: another relay (another replica) skips them,
 * and a relay that dies while delivering leaves them to be taken again when the lease ends.
 */
export async function claimDueInbox(db: Database, limit: number, leaseMs: number): Promise<InboxRow[]> {
  const due = db
    .select({ id: webhookInbox.id })
    .from(webhookInbox)
    .where(sql`${webhookInbox.processedAt} IS NULL AND ${webhookInbox.deliverAfter} <= now()`)
    .orderBy(webhookInbox.deliverAfter, webhookInbox.id)
    .limit(limit)
    .for('update', { skipLocked: true });
  return db
    .update(webhookInbox)
    .set({
      attempts: sql`${webhookInbox.attempts} + 1`,
      deliverAfter: sql`now() + ${`${leaseMs} milliseconds`}::interval`,
    })
    .where(sql`${webhookInbox.id} IN ${due}`)
    .returning();
}
