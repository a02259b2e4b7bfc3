import { and, eq } from 'drizzle-orm';
import type { NotificationAction, PaymentOutcome, PaymentProvider, PaymentResult } from '../acquiring/provider.js';
import type { Acquirers } from '../acquiring/registry.js';
import type { Database } from '../db/create-db.js';
import { storeDiscrepancies } from '../db/discrepancies.js';
import { invoices, payments, webhookInbox } from '../db/schema/index.js';
import { idempotencyKeyFor } from '../domain/subscription/charge-answer.js';
import type { PaymentOutcomeFact } from '../domain/subscription/messages.js';
import type { RefundResultFact } from '../workflows/refund/types.js';
import { acquirerNamed } from './acquirer-choice.js';
import { acquirerUnavailable } from './activity-errors.js';
import { rewriteInboxFromLookup } from './notification-inbox.js';
import { confirmNotifiedRefund } from './notified-refund-lookup.js';
import { applyResult } from './payment-records.js';

export interface NotificationLookupDeps {
  db: Database;
  acquirers: Acquirers;
  now: () => Date;
  inboxEncryptionKey: string;
}

/**
 * A notification the API would not take on trust, and what it claimed: a signed `pay` that contradicts our books, or
 * any payment or refund notification of an acquirer that does not sign (`reason: 'unsigned'`).
 */
export interface DoubtedPayment {
  inboxId: number;
  reason: string;
  /** The acquirer whose route took the notification (absent on claims of before: the one configured). */
  acquirer?: string | undefined;
  providerTransactionId: string;
  /** What the notification said happened; claims made before this field were all of a payment taken or held. */
  action?: NotificationAction | undefined;
  /** The invoice the notification named; an unsigned one may name none. */
  invoiceId?: string | undefined;
  /** Our payment id as the notification echoed it. */
  paymentId?: string | undefined;
  amount?: number | undefined;
  currency?: string | undefined;
  /** Refunds: the payment refunded and our refund id, as the notification gave them. */
  paymentTransactionId?: string | undefined;
  refundId?: string | undefined;
}

/** What the lookup proved, from the acquirer's record only. */
export interface NotificationLookupResult {
  confirmed: boolean;
  /** The fact for the subscription's workflow; null: nothing to tell it. Absent in results recorded before. */
  fact?: PaymentOutcomeFact | null | undefined;
  subscriptionId?: string | undefined;
  /** A confirmed refund: the fact for its workflow (or for the books, its workflow having ended). */
  refund?: { refundId: string; fact: RefundResultFact } | undefined;
}

/** The outcome of the acquirer's lookup each action claims (refunds are looked up apart; `none`: nothing to confirm). */
const CLAIMED_OUTCOME: Record<NotificationAction, PaymentOutcome | 'none'> = {
  payment_check: 'none',
  payment_authorized: 'succeeded',
  payment_captured: 'succeeded',
  payment_declined: 'declined',
  payment_voided: 'voided',
  refund_succeeded: 'none',
  refund_failed: 'none',
  ignored: 'none',
};

type Invoice = typeof invoices.$inferSelect;
type PaymentRow = typeof payments.$inferSelect;

function confirms(claim: DoubtedPayment, found: PaymentResult, invoice: Invoice | undefined): invoice is Invoice {
  const outcome = CLAIMED_OUTCOME[claim.action ?? 'payment_captured'];
  return (
    invoice !== undefined &&
    found.outcome === outcome &&
    found.providerTransactionId === claim.providerTransactionId &&
    (claim.invoiceId === undefined || found.invoiceId === claim.invoiceId) &&
    (outcome !== 'succeeded' || (found.amount === invoice.amount && found.currency === invoice.currency)) &&
    (claim.paymentId === undefined || found.paymentId === undefined || found.paymentId === claim.paymentId)
  );
}

/**
 * An unsigned notification of what the workflow knows already: our row shows that outcome, or it is a renewal's or
 * upgrade's own charge, whose activity keeps asking the acquirer until it has the answer.
 */
function known(row: PaymentRow | undefined, invoice: Invoice, found: PaymentResult) {
  if (!row) return false;
  if (row.status === found.outcome && (row.status === 'succeeded' || row.status === 'declined')) return true;
  const charged = invoice.kind === 'renewal' || invoice.kind === 'proration';
  return charged && row.idempotencyKey === idempotencyKeyFor(invoice.id, row.attempt);
}

export function createNotificationLookupActivities(deps: NotificationLookupDeps) {
  const { db, acquirers, now } = deps;

  /** The acquirer whose route took the notification: named by the claim, or (claims of before) by its inbox row. */
  async function acquirerOf(claim: DoubtedPayment): Promise<PaymentProvider> {
    if (claim.acquirer) return acquirerNamed(acquirers, claim.acquirer);
    const [inbox] = await db
      .select({ provider: webhookInbox.provider })
      .from(webhookInbox)
      .where(eq(webhookInbox.id, claim.inboxId));
    if (!inbox) throw new Error(`notification ${claim.inboxId} not found`);
    return acquirerNamed(acquirers, inbox.provider);
  }

  async function ourRow(provider: PaymentProvider, claim: DoubtedPayment): Promise<PaymentRow | undefined> {
    const [byTransaction] = await db
      .select()
      .from(payments)
      .where(
        and(eq(payments.provider, provider.name), eq(payments.providerTransactionId, claim.providerTransactionId)),
      );
    if (byTransaction || !claim.paymentId) return byTransaction;
    return (await db.select().from(payments).where(eq(payments.id, claim.paymentId)))[0];
  }

  async function unconfirmed(
    provider: PaymentProvider,
    claim: DoubtedPayment,
    found: PaymentResult | undefined,
  ): Promise<NotificationLookupResult> {
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
        { kind: 'unconfirmed_notification', providerTransactionId, paymentId, invoiceId, ours: { ...claim }, acquirer },
      ],
    });
    return { confirmed: false };
  }

  return {
    /**
     * Asks the acquirer about a doubted notification: confirmed when its own record shows that transaction in the
     * claimed outcome for one of our invoices (taken or held: for its amount and currency). Our row then follows the
     * acquirer (its record is the truth about money it took), and the workflow is told what the acquirer says, unless
     * it knows already. Otherwise the notification is stored as an `unconfirmed_notification` and changes nothing.
     */
    async confirmNotifiedPayment(claim: DoubtedPayment): Promise<NotificationLookupResult> {
      const provider = await acquirerOf(claim);
      if (claim.action === 'refund_succeeded' || claim.action === 'refund_failed') {
        const refund = await confirmNotifiedRefund({ ...deps, provider }, claim);
        return refund ? { confirmed: true, refund, fact: null } : unconfirmed(provider, claim, undefined);
      }
      const lookup = await provider.getPayment(claim.providerTransactionId);
      if (lookup.status === 'unavailable') throw acquirerUnavailable('getPayment', lookup.failure);
      const found = lookup.status === 'found' ? lookup.payment : undefined;
      const [invoice] = found?.invoiceId
        ? await db.select().from(invoices).where(eq(invoices.id, found.invoiceId))
        : [];
      if (!found || !confirms(claim, found, invoice)) return unconfirmed(provider, claim, found);
      const row = await ourRow(provider, claim);
      // A signed claim the API doubted is told as before; an unsigned one only when it is news.
      const heard = claim.reason === 'unsigned' && known(row, invoice, found);
      if (row && row.status !== 'succeeded') await applyResult(db, row, found, now());
      if (claim.reason === 'unsigned') await rewriteInboxFromLookup(db, deps.inboxEncryptionKey, claim.inboxId, found);
      const subscriptionId = invoice.subscriptionId;
      if (heard || (found.outcome !== 'succeeded' && found.outcome !== 'declined')) {
        return { confirmed: true, fact: null, subscriptionId };
      }
      const fact: PaymentOutcomeFact = {
        invoiceId: invoice.id,
        outcome: found.outcome,
        providerTransactionId: claim.providerTransactionId,
        declineCode: found.decline?.code,
        declineReason: found.decline?.reason,
        declineClass: found.decline?.class,
        inboxId: claim.inboxId,
      };
      return { confirmed: true, fact, subscriptionId };
    },
  };
}
