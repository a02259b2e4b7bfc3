// Pure: the acquirer's transactions of a window against our records → what a reconciliation run must act on.
import type { AcquirerTransaction, PaymentState } from '../acquiring/provider.js';
import type { DiscrepancyFinding } from '../db/discrepancies.js';
import type { PaymentStatus, SubscriptionStatus } from '../db/schema/statuses.js';

export interface LocalPayment {
  id: string;
  invoiceId: string;
  status: PaymentStatus;
  amount: number;
  currency: string;
  providerTransactionId: string | null;
}

export interface LocalInvoice {
  id: string;
  status: string;
  subscriptionId: string;
  userId: string;
  subscriptionStatus: SubscriptionStatus;
}

export interface LocalBooks {
  paymentsByTransaction: Map<string, LocalPayment>;
  paymentsById: Map<string, LocalPayment>;
  invoices: Map<string, LocalInvoice>;
  /** Our refund ids and the acquirer transaction ids our refunds carry. */
  refundIds: Set<string>;
  refundTransactionIds: Set<string>;
}

export type FoundDiscrepancy = DiscrepancyFinding;

/** An acquirer payment of one of our open invoices that we never recorded: the owning workflow should learn of it. */
export interface UnrecordedPayment {
  subscriptionId: string;
  userId: string;
  invoiceId: string;
  providerTransactionId: string;
  outcome: 'succeeded' | 'declined';
  /** The acquirer that listed it (absent in findings of runs from before several acquirers). */
  provider?: string | undefined;
}

/** Acquirer states each settled local status may show; pending/unknown/requires_action are settled elsewhere. */
const EXPECTED: Partial<Record<PaymentStatus, readonly PaymentState[]>> = {
  succeeded: ['captured', 'authorized'],
  declined: ['declined'],
  canceled: ['cancelled'],
};

const LIVE: readonly SubscriptionStatus[] = ['pending_payment', 'active', 'past_due'];
const MONEY: readonly PaymentState[] = ['captured', 'authorized'];

export const acquirerView = (tx: AcquirerTransaction) => ({
  kind: tx.kind,
  providerTransactionId: tx.providerTransactionId,
  paymentTransactionId: tx.paymentTransactionId ?? null,
  paymentId: tx.paymentId ?? null,
  invoiceId: tx.invoiceId ?? null,
  accountId: tx.accountId ?? null,
  state: tx.state,
  amount: tx.amount,
  currency: tx.currency,
  createdAt: tx.createdAt,
});

export const ourView = (p: LocalPayment) => ({ ...p });

/** The local row a listed payment belongs to: by transaction id, else by our echoed id on a row without one. */
export function localPaymentOf(tx: AcquirerTransaction, books: LocalBooks): LocalPayment | undefined {
  const byTx = books.paymentsByTransaction.get(tx.providerTransactionId);
  if (byTx) return byTx;
  const byId = tx.paymentId ? books.paymentsById.get(tx.paymentId) : undefined;
  return byId && byId.providerTransactionId === null ? byId : undefined;
}

export function comparePayment(
  tx: AcquirerTransaction,
  books: LocalBooks,
): { discrepancy?: FoundDiscrepancy; unrecorded?: UnrecordedPayment } {
  const base = { providerTransactionId: tx.providerTransactionId, invoiceId: tx.invoiceId, acquirer: acquirerView(tx) };
  const local = localPaymentOf(tx, books);
  if (local) {
    const expected = EXPECTED[local.status];
    const ours = ourView(local);
    if (expected && !expected.includes(tx.state)) {
      return { discrepancy: { kind: 'status_mismatch', paymentId: local.id, ours, ...base } };
    }
    if (expected && (local.amount !== tx.amount || local.currency !== tx.currency)) {
      return { discrepancy: { kind: 'amount_mismatch', paymentId: local.id, ours, ...base } };
    }
    return {};
  }
  const invoice = tx.invoiceId ? books.invoices.get(tx.invoiceId) : undefined;
  const outcome = MONEY.includes(tx.state) ? 'succeeded' : tx.state === 'declined' ? 'declined' : undefined;
  if (invoice && outcome && invoice.status === 'open' && LIVE.includes(invoice.subscriptionStatus)) {
    const { subscriptionId, userId } = invoice;
    return {
      unrecorded: {
        subscriptionId,
        userId,
        invoiceId: invoice.id,
        providerTransactionId: tx.providerTransactionId,
        outcome,
      },
    };
  }
  // Declined, voided or unfinished attempts moved no money: nothing to disagree about.
  if (outcome !== 'succeeded') return {};
  return { discrepancy: { kind: 'missing_local_payment', ours: null, ...base } };
}

export function compareRefund(tx: AcquirerTransaction, books: LocalBooks): FoundDiscrepancy | undefined {
  if (tx.state === 'declined') return undefined;
  if (books.refundTransactionIds.has(tx.providerTransactionId)) return undefined;
  if (tx.paymentId && books.refundIds.has(tx.paymentId)) return undefined;
  return {
    kind: 'missing_local_refund',
    providerTransactionId: tx.providerTransactionId,
    refundId: tx.paymentId,
    invoiceId: tx.invoiceId,
    ours: null,
    acquirer: acquirerView(tx),
  };
}
