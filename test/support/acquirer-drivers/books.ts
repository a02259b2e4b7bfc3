// Our books (payment and refund rows) beside the acquirer's ledger, in one comparable form: a line per settled
// operation, `<invoice> <status> <amount>`, sorted. Equal lists mean the two agree on every invoice.
import type { Database } from '../../../db/create-db.js';
import { payments, refunds } from '../../../db/schema/index.js';
import type { LedgerEntry, LedgerStatus } from './driver.js';

/** The ledger status each settled status of our rows stands for; pending, unknown and requires_action are not settled. */
const PAYMENT_IN_LEDGER: Record<string, LedgerStatus> = {
  succeeded: 'captured',
  declined: 'declined',
  canceled: 'voided',
};
/** A failed refund may or may not have left a refused entry at the acquirer; neither moved money, so both are left out. */
const REFUND_IN_LEDGER: Record<string, LedgerStatus> = { succeeded: 'refunded' };

const line = (kind: string, invoiceId: string | null, status: string, amount: number) =>
  `${kind} ${invoiceId} ${status} ${amount}`;

export async function ourBooks(db: Database): Promise<string[]> {
  const paymentRows = await db.select().from(payments);
  const invoiceOf = new Map(paymentRows.map((p) => [p.id, p.invoiceId]));
  const refundRows = await db.select().from(refunds);
  return [
    ...paymentRows.flatMap((p) => {
      const status = PAYMENT_IN_LEDGER[p.status];
      return status ? [line('payment', p.invoiceId, status, p.amount)] : [];
    }),
    ...refundRows.flatMap((r) => {
      const status = REFUND_IN_LEDGER[r.status];
      return status ? [line('refund', invoiceOf.get(r.paymentId) ?? null, status, r.amount)] : [];
    }),
  ].sort();
}

/** The acquirer's settled operations in the same form. */
export const acquirerBooks = (ledger: readonly LedgerEntry[]) =>
  ledger
    .filter((t) => t.status !== 'pending' && t.status !== 'refund_failed')
    .map((t) => line(t.kind, t.invoiceId, t.status, t.amount))
    .sort();
