import { eq } from 'drizzle-orm';
import type { Acquirers } from '../acquiring/registry.js';
import type { Database } from '../db/create-db.js';
import { webhookInbox } from '../db/schema/index.js';
import { createTokenSeal } from '../db/token-seal.js';
import type { ReceiptSettings } from '../domain/receipts.js';
import type { PaymentOutcomeFact } from '../domain/subscription/messages.js';
import { invoiceAcquirer, invoiceAcquirerName } from './acquirer-choice.js';
import { recordAcquirerPayment } from './acquirer-payment-rows.js';
import { acquirerUnavailable } from './activity-errors.js';
import { keepLinkReceipts } from './receipt-records.js';

export interface NotifiedDeps {
  db: Database;
  acquirers: Acquirers;
  now: () => Date;
  /** Opens the card tokens the webhook inbox keeps sealed. */
  inboxEncryptionKey: string;
  receipts: ReceiptSettings;
}

export function createNotifiedPaymentActivities(deps: NotifiedDeps) {
  const seal = createTokenSeal(deps.inboxEncryptionKey);
  return {
    /** A notification's outcome; the card token is read (sealed) from the stored notification, never from history. */
    async recordNotifiedPayment({
      subscriptionId,
      userId,
      fact,
    }: {
      subscriptionId: string;
      userId: string;
      fact: PaymentOutcomeFact;
    }) {
      const [inbox] = fact.inboxId
        ? await deps.db.select().from(webhookInbox).where(eq(webhookInbox.id, fact.inboxId))
        : [];
      const payload = (inbox?.payload ?? {}) as {
        sealedToken?: string;
        token?: string;
        cardLastFour?: string;
        paymentId?: string;
      };
      // Rows stored before tokens were sealed, and not yet recorded when the migration ran, hold it in clear.
      const token = payload.sealedToken ? seal.open(payload.sealedToken) : payload.token;
      // The acquirer that notified us holds the payment (and the card); recording it calls no acquirer.
      const provider = {
        name: inbox?.provider ?? (await invoiceAcquirerName(deps.db, deps.acquirers, fact.invoiceId)),
      };
      await recordAcquirerPayment(
        { ...deps, provider },
        {
          subscriptionId,
          userId,
          invoiceId: fact.invoiceId,
          outcome: fact.outcome,
          providerTransactionId: fact.providerTransactionId,
          paymentId: payload.paymentId,
          token,
          cardLastFour: payload.cardLastFour,
          decline: { code: fact.declineCode, reason: fact.declineReason, class: fact.declineClass },
        },
      );
      if (fact.outcome === 'succeeded') await keepLinkReceipts(deps, fact.invoiceId);
    },

    /** Asks the acquirer whether an invoice was paid after all (a lost notification); records it when it was. */
    async findInvoicePayment({
      subscriptionId,
      userId,
      invoiceId,
    }: {
      subscriptionId: string;
      userId: string;
      invoiceId: string;
    }) {
      const provider = await invoiceAcquirer(deps.db, deps.acquirers, invoiceId);
      const lookup = await provider.findByInvoice(invoiceId);
      if (lookup.status === 'unavailable') throw acquirerUnavailable('findByInvoice', lookup.failure);
      if (
        lookup.status === 'not_found' ||
        lookup.payment.outcome !== 'succeeded' ||
        !lookup.payment.providerTransactionId
      ) {
        return { outcome: 'none' as const };
      }
      const { providerTransactionId, paymentId, token, cardLastFour } = lookup.payment;
      await recordAcquirerPayment(
        { ...deps, provider },
        {
          subscriptionId,
          userId,
          invoiceId,
          outcome: 'succeeded',
          providerTransactionId,
          paymentId,
          token,
          cardLastFour,
        },
      );
      await keepLinkReceipts(deps, invoiceId);
      return { outcome: 'succeeded' as const, providerTransactionId };
    },
  };
}
