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

/** A payment the acquirer told us of (a notification, a lookup): the payer's own on the hosted page, or our attempt's. */
export function logAcquirerPayment(
  recorded: { paymentId: string; attempt: number; acquirer: string; amount: number; currency: string },
  p: {
    subscriptionId: string;
    invoiceId: string;
    outcome: 'succeeded' | 'declined';
    providerTransactionId: string;
    decline?: { code?: string | undefined; class?: string | undefined } | undefined;
  },
) {
  logRecorded(CHARGE_LINES[p.outcome], {
    ...recorded,
    invoiceId: p.invoiceId,
    subscriptionId: p.subscriptionId,
    status: p.outcome,
    providerTransactionId: p.providerTransactionId,
    declineCode: p.decline?.code,
    declineClass: p.decline?.class,
    source: 'acquirer',
  });
}
