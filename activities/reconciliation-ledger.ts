import type { PaymentProvider } from '../acquiring/provider.js';
import type { Database } from '../db/create-db.js';
import { storeDiscrepancies } from '../db/discrepancies.js';
import type { ReceiptSettings } from '../domain/receipts.js';
import { recordAcquirerPayment } from './acquirer-payment-rows.js';
import { acquirerUnavailable } from './activity-errors.js';
import { keepLinkReceipts } from './receipt-records.js';
import { loadBooks, succeededPaymentsIn } from './reconciliation-books.js';
import {
  comparePayment,
  compareRefund,
  type FoundDiscrepancy,
  ourView,
  type UnrecordedPayment,
} from './reconciliation-compare.js';
import { duplicateCharges } from './reconciliation-duplicates.js';
import { type RefundStatusFinding, refundStatusFindings } from './reconciliation-refund-status.js';

export interface LedgerDeps {
  db: Database;
  provider: PaymentProvider;
  now: () => Date;
  receipts: ReceiptSettings;
}

export interface Comparison {
  listed: number;
  discrepancies: FoundDiscrepancy[];
  unrecorded: UnrecordedPayment[];
  /** Our refunds whose status differs from the acquirer's: settled, corrected or flagged by the run. */
  refundStatuses: RefundStatusFinding[];
}

export function createReconciliationLedgerActivities(deps: LedgerDeps) {
  const { db, provider } = deps;

  /** Our captured payments the acquirer's list lacks; each confirmed by a direct lookup before it counts. */
  async function missingAtAcquirer(from: Date, to: Date, listedIds: Set<string>): Promise<FoundDiscrepancy[]> {
    const found: FoundDiscrepancy[] = [];
    for (const local of await succeededPaymentsIn(db, provider.name, from, to)) {
      const txId = local.providerTransactionId ?? '';
      if (listedIds.has(txId)) continue;
      const lookup = await provider.getPayment(txId);
      if (lookup.status === 'unavailable') throw acquirerUnavailable('getPayment', lookup.failure);
      // Our payment, the acquirer's voided hold: no money was taken, whatever our books say.
      const voided = lookup.status === 'found' && lookup.payment.outcome === 'voided';
      if (lookup.status === 'found' && !voided) continue;
      found.push({
        kind: voided ? 'status_mismatch' : 'unknown_to_acquirer',
        providerTransactionId: txId,
        paymentId: local.id,
        invoiceId: local.invoiceId,
        ours: ourView(local),
        acquirer: voided ? { state: 'cancelled' } : null,
      });
    }
    return found;
  }

  return {
    /** Read-only: lists the window at the acquirer and compares it with our payments and refunds. */
    async compareWithAcquirer({ from, to }: { from: string; to: string }): Promise<Comparison> {
      const window = { from: new Date(from), to: new Date(to) };
      const listed = await provider.listTransactions(window);
      if (listed.status === 'unavailable') throw acquirerUnavailable('listTransactions', listed.failure);
      const books = await loadBooks(db, provider.name, listed.items);
      const discrepancies: FoundDiscrepancy[] = [];
      const unrecorded: UnrecordedPayment[] = [];
      for (const tx of listed.items) {
        if (tx.kind === 'refund') {
          const d = compareRefund(tx, books);
          if (d) discrepancies.push(d);
          continue;
        }
        const result = comparePayment(tx, books);
        if (result.discrepancy) discrepancies.push(result.discrepancy);
        if (result.unrecorded) unrecorded.push(result.unrecorded);
      }
      discrepancies.push(...duplicateCharges(listed.items));
      const listedIds = new Set(listed.items.map((t) => t.providerTransactionId));
      discrepancies.push(...(await missingAtAcquirer(window.from, window.to, listedIds)));
      const refundStatuses = await refundStatusFindings(deps, listed.items, window);
      return { listed: listed.items.length, discrepancies, unrecorded, refundStatuses };
    },

    /**
     * Records an acquirer payment of an open invoice whose notification never arrived, with its card (read from the
     * acquirer, never carried in history). One row per acquirer transaction: a second call, or the notification
     * arriving late, finds it.
     */
    async recordFoundPayment(p: UnrecordedPayment): Promise<void> {
      const lookup = await provider.getPayment(p.providerTransactionId);
      if (lookup.status === 'unavailable') throw acquirerUnavailable('getPayment', lookup.failure);
      const payment = lookup.status === 'found' ? lookup.payment : undefined;
      await recordAcquirerPayment(deps, {
        ...p,
        paymentId: payment?.paymentId,
        token: payment?.token,
        cardLastFour: payment?.cardLastFour,
        decline: payment?.decline,
      });
      // A hosted page's payment whose notification was lost: it gets the receipt its link was made with.
      if (p.outcome === 'succeeded') await keepLinkReceipts(deps, p.invoiceId);
    },

    /** Stores findings once: a finding already stored (by any run) is left as it is. Returns how many were new. */
    async recordDiscrepancies({ runId, items }: { runId: string; items: FoundDiscrepancy[] }): Promise<number> {
      return storeDiscrepancies(db, { provider: provider.name, runId, at: deps.now(), items });
    },
  };
}
