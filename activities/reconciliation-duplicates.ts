// Pure: the acquirer's own list, checked for the one thing billing must never do — capture an invoice twice.
import type { AcquirerTransaction } from '../acquiring/provider.js';
import { acquirerView, type FoundDiscrepancy } from './reconciliation-compare.js';

/**
 * Every captured payment of an invoice after its first, as a `duplicate_charge` finding (whatever our books say:
 * the money was taken twice). Holds, voids and declines took nothing and do not count.
 */
export function duplicateCharges(items: readonly AcquirerTransaction[]): FoundDiscrepancy[] {
  const byInvoice = new Map<string, AcquirerTransaction[]>();
  for (const tx of items) {
    if (tx.kind !== 'payment' || tx.state !== 'captured' || !tx.invoiceId) continue;
    byInvoice.set(tx.invoiceId, [...(byInvoice.get(tx.invoiceId) ?? []), tx]);
  }
  const found: FoundDiscrepancy[] = [];
  for (const [invoiceId, captured] of byInvoice) {
    if (captured.length < 2) continue;
    const [first, ...extra] = [...captured].sort(
      (a, b) =>
        a.createdAt.localeCompare(b.createdAt) || a.providerTransactionId.localeCompare(b.providerTransactionId),
    );
    for (const tx of extra) {
      found.push({
        kind: 'duplicate_charge',
        providerTransactionId: tx.providerTransactionId,
        paymentId: tx.paymentId,
        invoiceId,
        ours: null,
        acquirer: { ...acquirerView(tx), firstCaptureTransactionId: first?.providerTransactionId ?? null },
      });
    }
  }
  return found;
}
