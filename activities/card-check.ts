import { and, eq } from 'drizzle-orm';
import type { Acquirers } from '../acquiring/registry.js';
import type { Database } from '../db/create-db.js';
import { payments } from '../db/schema/index.js';
import { acquirerNamed } from './acquirer-choice.js';
import { acquirerUnavailable } from './activity-errors.js';

export interface CardCheckDeps {
  db: Database;
  acquirers: Acquirers;
  now: () => Date;
}

export function createCardCheckActivities({ db, acquirers, now }: CardCheckDeps) {
  return {
    /**
     * Voids a card check's authorised hold, so the payer is never charged for it. Safe to repeat: the void carries a
     * key derived from the invoice, and a hold the acquirer already shows as cancelled counts as released.
     */
    async releaseCardCheck({ invoiceId, providerTransactionId }: { invoiceId: string; providerTransactionId: string }) {
      const [row] = await db
        .select()
        .from(payments)
        .where(and(eq(payments.invoiceId, invoiceId), eq(payments.providerTransactionId, providerTransactionId)));
      if (!row) throw new Error(`no payment recorded for transaction ${providerTransactionId}`);
      if (row.status === 'canceled') return;
      // The hold is released where it was placed.
      const provider = acquirerNamed(acquirers, row.provider);
      const result = await provider.void({
        paymentId: row.id,
        idempotencyKey: `${invoiceId}:void`,
        providerTransactionId,
      });
      if (result.outcome === 'not_sent' || result.outcome === 'unknown')
        throw acquirerUnavailable('void', result.failure);
      if (result.outcome === 'declined') {
        const lookup = await provider.getPayment(providerTransactionId);
        if (lookup.status === 'unavailable') throw acquirerUnavailable('getPayment', lookup.failure);
        if (lookup.status !== 'found' || lookup.payment.state !== 'cancelled') {
          throw new Error(`the acquirer refused to void ${providerTransactionId}: ${result.decline?.reason}`);
        }
      }
      await db.update(payments).set({ status: 'canceled', updatedAt: now() }).where(eq(payments.id, row.id));
    },
  };
}
