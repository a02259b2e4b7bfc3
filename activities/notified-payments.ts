import { and, eq, max } from 'drizzle-orm';
import type { PaymentProvider } from '../acquiring/provider.js';
import type { Database } from '../db/create-db.js';
import { invoices, paymentMethods, payments, webhookInbox } from '../db/schema/index.js';
import { createTokenSeal } from '../db/token-seal.js';
import { paymentIdFor } from '../domain/subscription/charge-answer.js';
import type { PaymentOutcomeFact } from '../domain/subscription/messages.js';
import { acquirerUnavailable } from './activity-errors.js';

export interface NotifiedDeps {
  db: Database;
  provider: PaymentProvider;
  now: () => Date;
  /** Opens the card tokens the webhook inbox keeps sealed. */
  inboxEncryptionKey: string;
}

interface AcquirerPayment {
  subscriptionId: string;
  userId: string;
  invoiceId: string;
  outcome: 'succeeded' | 'declined';
  providerTransactionId: string;
  token?: string | undefined;
  cardLastFour?: string | undefined;
  decline?: { code?: string | undefined; reason?: string | undefined; class?: 'hard' | 'soft' | undefined } | undefined;
}

/**
 * A payment we learnt of from the acquirer rather than made ourselves (the payer on the hosted page): one row per
 * acquirer transaction, the next attempt number of its invoice, and its card saved when it succeeded.
 */
export async function recordAcquirerPayment(
  { db, provider, now }: Pick<NotifiedDeps, 'db' | 'provider' | 'now'>,
  p: AcquirerPayment,
) {
  await db.transaction(async (tx) => {
    const [known] = await tx
      .select({ id: payments.id })
      .from(payments)
      .where(and(eq(payments.provider, provider.name), eq(payments.providerTransactionId, p.providerTransactionId)));
    if (known) return;
    const [invoice] = await tx.select().from(invoices).where(eq(invoices.id, p.invoiceId)).for('update');
    if (!invoice) throw new Error(`invoice ${p.invoiceId} not found`);
    const [last] = await tx
      .select({ n: max(payments.attempt) })
      .from(payments)
      .where(eq(payments.invoiceId, p.invoiceId));
    const attempt = (last?.n ?? 0) + 1;
    const id = paymentIdFor(p.invoiceId, attempt);
    await tx.insert(payments).values({
      id,
      invoiceId: p.invoiceId,
      subscriptionId: p.subscriptionId,
      userId: p.userId,
      attempt,
      idempotencyKey: `${p.invoiceId}:acquirer:${p.providerTransactionId}`,
      provider: provider.name,
      providerTransactionId: p.providerTransactionId,
      amount: invoice.amount,
      currency: invoice.currency,
      status: p.outcome,
      declineCode: p.decline?.code ?? null,
      declineReason: p.decline?.reason ?? null,
      declineClass: p.decline?.class ?? null,
      cardLastFour: p.cardLastFour ?? null,
      createdAt: now(),
    });
    await tx.update(invoices).set({ attempts: attempt }).where(eq(invoices.id, p.invoiceId));
    if (p.outcome === 'succeeded' && p.token) {
      await tx
        .insert(paymentMethods)
        .values({
          id: `pm_${id}`,
          subscriptionId: p.subscriptionId,
          provider: provider.name,
          token: p.token,
          cardLastFour: p.cardLastFour ?? null,
        })
        .onConflictDoNothing({ target: paymentMethods.id });
    }
  });
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
      const payload = (inbox?.payload ?? {}) as { sealedToken?: string; token?: string; cardLastFour?: string };
      // Rows stored before tokens were sealed, and not yet recorded when the migration ran, hold it in clear.
      const token = payload.sealedToken ? seal.open(payload.sealedToken) : payload.token;
      await recordAcquirerPayment(deps, {
        subscriptionId,
        userId,
        invoiceId: fact.invoiceId,
        outcome: fact.outcome,
        providerTransactionId: fact.providerTransactionId,
        token,
        cardLastFour: payload.cardLastFour,
        decline: { code: fact.declineCode, reason: fact.declineReason, class: fact.declineClass },
      });
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
      const lookup = await deps.provider.findByInvoice(invoiceId);
      if (lookup.status === 'unavailable') throw acquirerUnavailable('findByInvoice', lookup.failure);
      if (
        lookup.status === 'not_found' ||
        lookup.payment.outcome !== 'succeeded' ||
        !lookup.payment.providerTransactionId
      ) {
        return { outcome: 'none' as const };
      }
      const { providerTransactionId, token, cardLastFour } = lookup.payment;
      await recordAcquirerPayment(deps, {
        subscriptionId,
        userId,
        invoiceId,
        outcome: 'succeeded',
        providerTransactionId,
        token,
        cardLastFour,
      });
      return { outcome: 'succeeded' as const, providerTransactionId };
    },
  };
}
