import { eq } from 'drizzle-orm';
import type { PaymentResult } from '../acquiring/provider.js';
import type { Database } from '../db/create-db.js';
import { webhookInbox } from '../db/schema/index.js';
import { createTokenSeal } from '../db/token-seal.js';

/**
 * An unsigned notification's stored payload is replaced by what the acquirer's own record says (the card token sealed),
 * so what is later read from the inbox (the card to save, our payment id) is never the body's word. The body's claim
 * is kept beside it, for operators.
 */
export async function rewriteInboxFromLookup(
  db: Database,
  inboxEncryptionKey: string,
  inboxId: number,
  found: PaymentResult,
) {
  const [row] = await db.select().from(webhookInbox).where(eq(webhookInbox.id, inboxId));
  if (!row) return;
  const claimed = row.payload as Record<string, unknown>;
  const { sealedToken: _claimedToken, ...hint } = claimed;
  const seal = createTokenSeal(inboxEncryptionKey);
  const payload = {
    action: claimed.action,
    dedupeKey: claimed.dedupeKey,
    providerTransactionId: found.providerTransactionId,
    invoiceId: found.invoiceId,
    accountId: found.accountId,
    paymentId: found.paymentId,
    amount: found.amount,
    currency: found.currency,
    state: found.state,
    cardLastFour: found.cardLastFour,
    decline: found.decline,
    ...(found.token ? { sealedToken: seal.seal(found.token) } : {}),
    confirmedByLookup: true,
    hint,
  };
  await db.update(webhookInbox).set({ payload }).where(eq(webhookInbox.id, inboxId));
}
