import { and, eq } from 'drizzle-orm';
import type { PaymentResult } from '../acquiring/provider.js';
import type { Acquirers } from '../acquiring/registry.js';
import type { Database } from '../db/create-db.js';
import { storeDiscrepancies } from '../db/discrepancies.js';
import { payments, webhookInbox } from '../db/schema/index.js';
import { acquirerNamed } from './acquirer-choice.js';
import { acquirerUnavailable } from './activity-errors.js';
import { applyResult } from './payment-records.js';

export interface NotificationLookupDeps {
  db: Database;
  acquirers: Acquirers;
  now: () => Date;
}

/** A `pay` notification the API would not take on trust, and what it claimed. */
export interface DoubtedPayment {
  inboxId: number;
  reason: string;
  providerTransactionId: string;
  invoiceId: string;
  /** Our payment id as the notification echoed it. */
  paymentId?: string | undefined;
  amount: number;
  currency: string;
}

function confirms(claim: DoubtedPayment, found: PaymentResult): boolean {
  return (
    found.outcome === 'succeeded' &&
    found.providerTransactionId === claim.providerTransactionId &&
    found.invoiceId === claim.invoiceId &&
    found.amount === claim.amount &&
    found.currency === claim.currency &&
    (claim.paymentId === undefined || found.paymentId === undefined || found.paymentId === claim.paymentId)
  );
}

export function createNotificationLookupActivities({ db, acquirers, now }: NotificationLookupDeps) {
  /**
   * Our row of that attempt follows the acquirer (its record is the truth about money it took), and the card it paid
   * with is saved from the acquirer's own answer, as for any payment we learn of.
   */
  async function correctOurRecord(provider: string, claim: DoubtedPayment, found: PaymentResult) {
    const [byTransaction] = await db
      .select()
      .from(payments)
      .where(and(eq(payments.provider, provider), eq(payments.providerTransactionId, claim.providerTransactionId)));
    const [byId] =
      byTransaction || !claim.paymentId ? [] : await db.select().from(payments).where(eq(payments.id, claim.paymentId));
    const row = byTransaction ?? byId;
    if (!row || row.status === 'succeeded') return;
    await applyResult(db, row, found, now());
  }

  return {
    /**
     * Asks the acquirer about a doubted `pay`: confirmed when its own record shows that transaction captured or
     * authorised for the same invoice, amount and currency (our row is then corrected); otherwise the notification is
     * stored as an `unconfirmed_notification` discrepancy and changes nothing.
     */
    async confirmNotifiedPayment(claim: DoubtedPayment): Promise<{ confirmed: boolean }> {
      // Asked of the acquirer whose route the notification came in on.
      const [inbox] = await db
        .select({ provider: webhookInbox.provider })
        .from(webhookInbox)
        .where(eq(webhookInbox.id, claim.inboxId));
      if (!inbox) throw new Error(`notification ${claim.inboxId} not found`);
      const provider = acquirerNamed(acquirers, inbox.provider);
      const lookup = await provider.getPayment(claim.providerTransactionId);
      if (lookup.status === 'unavailable') throw acquirerUnavailable('getPayment', lookup.failure);
      const found = lookup.status === 'found' ? lookup.payment : undefined;
      if (found && confirms(claim, found)) {
        await correctOurRecord(provider.name, claim, found);
        return { confirmed: true };
      }
      const acquirer = found
        ? {
            outcome: found.outcome,
            state: found.state,
            amount: found.amount,
            currency: found.currency,
            invoiceId: found.invoiceId,
          }
        : null;
      const { providerTransactionId, paymentId, invoiceId } = claim;
      await storeDiscrepancies(db, {
        provider: provider.name,
        runId: `webhook:${claim.inboxId}`,
        at: now(),
        items: [
          {
            kind: 'unconfirmed_notification',
            providerTransactionId,
            paymentId,
            invoiceId,
            ours: { ...claim },
            acquirer,
          },
        ],
      });
      return { confirmed: false };
    },
  };
}
