import type { PaymentProvider } from '../acquiring/provider.js';
import type { Acquirers } from '../acquiring/registry.js';
import type { Database } from '../db/create-db.js';
import { storeDiscrepancies } from '../db/discrepancies.js';
import type { ReceiptSettings } from '../domain/receipts.js';
import { acquirerNamed } from './acquirer-choice.js';
import { recordAcquirerPayment } from './acquirer-payment-rows.js';
import { acquirerUnavailable } from './activity-errors.js';
import { withAcquirers } from './discrepancy-acquirers.js';
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
  acquirers: Acquirers;
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
  const { db, acquirers } = deps;

  /** Our captured payments the acquirer's list lacks; each confirmed by a direct lookup before it counts. */
  async function missingAtAcquirer(
    provider: PaymentProvider,
    from: Date,
    to: Date,
    listedIds: Set<string>,
  ): Promise<FoundDiscrepancy[]> {
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

  /** One acquirer's list of the window against our payments and refunds with it; every finding names it. */
  async function compareOne(provider: PaymentProvider, window: { from: Date; to: Date }): Promise<Comparison> {
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
    discrepancies.push(...(await missingAtAcquirer(provider, window.from, window.to, listedIds)));
    const refundStatuses = await refundStatusFindings({ db, provider }, listed.items, window);
    const named = { provider: provider.name };
    return {
      listed: listed.items.length,
      discrepancies: discrepancies.map((d) => ({ ...d, ...named })),
      unrecorded: unrecorded.map((u) => ({ ...u, ...named })),
      refundStatuses,
    };
  }

  return {
    /** Read-only: lists the window at each configured acquirer in turn and compares it with our books. */
    async compareWithAcquirer({ from, to }: { from: string; to: string }): Promise<Comparison> {
      const window = { from: new Date(from), to: new Date(to) };
      const all: Comparison = { listed: 0, discrepancies: [], unrecorded: [], refundStatuses: [] };
      for (const provider of acquirers.all()) {
        const one = await compareOne(provider, window);
        all.listed += one.listed;
        all.discrepancies.push(...one.discrepancies);
        all.unrecorded.push(...one.unrecorded);
        all.refundStatuses.push(...one.refundStatuses);
      }
      return all;
    },

    /**
     * Records an acquirer payment of an open invoice whose notification never arrived, with its card (read from the
     * acquirer, never carried in history). One row per acquirer transaction: a second call, or the notification
     * arriving late, finds it.
     */
    async recordFoundPayment(p: UnrecordedPayment): Promise<void> {
      // Found by a run before findings named their acquirer: there was one acquirer then, the default.
      const provider = acquirerNamed(acquirers, p.provider ?? acquirers.defaultName);
      const lookup = await provider.getPayment(p.providerTransactionId);
      if (lookup.status === 'unavailable') throw acquirerUnavailable('getPayment', lookup.failure);
      const payment = lookup.status === 'found' ? lookup.payment : undefined;
      await recordAcquirerPayment(
        { ...deps, provider },
        {
          ...p,
          paymentId: payment?.paymentId,
          token: payment?.token,
          cardLastFour: payment?.cardLastFour,
          decline: payment?.decline,
        },
      );
      // A hosted page's payment whose notification was lost: it gets the receipt its link was made with.
      if (p.outcome === 'succeeded') await keepLinkReceipts(deps, p.invoiceId);
    },

    /** Stores findings once: a finding already stored (by any run) is left as it is. Returns how many were new. */
    async recordDiscrepancies({ runId, items }: { runId: string; items: FoundDiscrepancy[] }): Promise<number> {
      const named = await withAcquirers(db, acquirers.defaultName, items);
      return storeDiscrepancies(db, { provider: acquirers.defaultName, runId, at: deps.now(), items: named });
    },
  };
}
