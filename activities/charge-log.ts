// One info line per recorded payment outcome, with its ids and decline class (observability/activity-log.ts).
import type { PaymentResult } from '../acquiring/provider.js';
import type { payments } from '../db/schema/index.js';
import { logRecorded } from '../observability/activity-log.js';

type PaymentRow = typeof payments.$inferSelect;

const CHARGE_LINES: Record<PaymentResult['outcome'], string> = {
  succeeded: 'charge succeeded',
  declined: 'charge declined',
  requires_action: 'charge requires action',
  voided: 'charge voided',
  unknown: 'charge outcome unknown',
  not_sent: 'charge not sent',
};

export function logCharge(row: PaymentRow, result: PaymentResult) {
  logRecorded(CHARGE_LINES[result.outcome], {
    paymentId: row.id,
    invoiceId: row.invoiceId,
    subscriptionId: row.subscriptionId,
    attempt: row.attempt,
    acquirer: row.provider,
    status: row.status,
    amount: row.amount,
    currency: row.currency,
    providerTransactionId: row.providerTransactionId,
    declineCode: result.decline?.code,
    declineClass: result.decline?.class,
    failure: result.failure?.kind,
  });
}
