// Pure: YooKassa's payment and refund objects → our results. No I/O here.
import type {
  AcquirerTransaction,
  Decline,
  OperationResult,
  PaymentOutcome,
  PaymentResult,
  PaymentState,
} from '../provider.js';
import { fromWireAmount } from './money.js';
import type { CancellationDetails, Payment, Refund, WireError } from './schemas.js';
import {
  CANCELED_PAYMENT,
  classOfReason,
  PAYMENT_STATUSES,
  PENDING_PAYMENT,
  REFUND_STATUSES,
} from './status-tables.js';

/** The keys of our ids in a payment's or refund's `metadata` (≤ 32 chars each, YooKassa's limit). */
export type MetadataKey = 'paymentId' | 'invoiceId' | 'accountId' | 'refundId';

export function metadataField(metadata: Record<string, unknown> | null | undefined, key: MetadataKey) {
  const value = metadata?.[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A cancellation with a card (or refund) problem → our decline; `undefined` when it is no decline at all. */
export function declineOf(details: CancellationDetails | null | undefined): Decline | undefined {
  const reason = details?.reason ?? 'unknown';
  const kind = classOfReason(reason);
  if (kind === 'not_a_decline') return undefined;
  return { code: reason, reason, class: kind, message: details?.party ? `party: ${details.party}` : undefined };
}

/** A request YooKassa refused (400/404): nothing happened; the request itself was wrong or not allowed now. */
export function refusedDecline(error: WireError): Decline {
  const detail = [error.description, error.parameter && `(${error.parameter})`].filter(Boolean).join(' ');
  return { code: 'request_rejected', reason: error.code, class: 'hard', message: detail || undefined };
}

const STILL_PROCESSING = {
  kind: 'server_error' as const,
  message: 'Payment is still pending at YooKassa with nothing for the payer to do; a lookup settles it',
  retryable: true,
};

export function paymentStateOf(payment: Payment): { state: PaymentState; outcome: PaymentOutcome } {
  const mapped = PAYMENT_STATUSES[payment.status];
  if (mapped === 'by_confirmation') {
    return PENDING_PAYMENT[payment.confirmation?.confirmation_url ? 'payer_to_confirm' : 'processing'];
  }
  if (mapped !== 'by_reason') return mapped;
  return CANCELED_PAYMENT[declineOf(payment.cancellation_details) ? 'decline' : 'not_a_decline'];
}

export function paymentToResult(payment: Payment, raw: unknown): PaymentResult {
  const { state, outcome } = paymentStateOf(payment);
  const method = payment.payment_method;
  const confirmationUrl = payment.confirmation?.confirmation_url;
  return {
    outcome,
    state,
    providerTransactionId: payment.id,
    paymentId: metadataField(payment.metadata, 'paymentId'),
    invoiceId: metadataField(payment.metadata, 'invoiceId'),
    accountId: metadataField(payment.metadata, 'accountId'),
    amount: fromWireAmount(payment.amount),
    currency: payment.amount.currency,
    // Only a saved method can be charged again (merchant-initiated, by payment_method_id).
    token: method?.saved === true ? method.id : undefined,
    cardLastFour: method?.card?.last4 ?? undefined,
    decline: state === 'declined' ? declineOf(payment.cancellation_details) : undefined,
    challenge:
      outcome === 'requires_action' && confirmationUrl
        ? { method: 'GET', url: confirmationUrl, fields: {} }
        : undefined,
    failure: outcome === 'unknown' ? STILL_PROCESSING : undefined,
    raw,
  };
}

/** A refund's answer as a money operation: `providerTransactionId` is the refund's own id. */
export function refundToOperation(refund: Refund, raw: unknown): OperationResult {
  const { outcome } = REFUND_STATUSES[refund.status];
  const failure =
    outcome === 'unknown'
      ? {
          kind: 'server_error' as const,
          message: 'Refund is pending at YooKassa; findRefund settles it',
          httpStatus: 200,
          retryable: true,
        }
      : undefined;
  const decline = outcome === 'declined' ? declineOf(refund.cancellation_details) : undefined;
  return { outcome, providerTransactionId: refund.id, decline, failure, raw };
}

/** A refund found by a lookup: its own id, our refund id as `paymentId`. */
export function refundToResult(refund: Refund, raw: unknown): PaymentResult {
  const { state, outcome } = REFUND_STATUSES[refund.status];
  return {
    outcome,
    state,
    providerTransactionId: refund.id,
    paymentId: metadataField(refund.metadata, 'refundId'),
    amount: fromWireAmount(refund.amount),
    currency: refund.amount.currency,
    decline: refund.status === 'canceled' ? declineOf(refund.cancellation_details) : undefined,
    raw,
  };
}

export function paymentToTransaction(payment: Payment): AcquirerTransaction {
  return {
    kind: 'payment',
    providerTransactionId: payment.id,
    paymentId: metadataField(payment.metadata, 'paymentId'),
    invoiceId: metadataField(payment.metadata, 'invoiceId'),
    accountId: metadataField(payment.metadata, 'accountId'),
    state: paymentStateOf(payment).state,
    amount: fromWireAmount(payment.amount),
    currency: payment.amount.currency,
    createdAt: new Date(payment.created_at).toISOString(),
    raw: payment,
  };
}

export function refundToTransaction(refund: Refund): AcquirerTransaction {
  return {
    kind: 'refund',
    providerTransactionId: refund.id,
    paymentTransactionId: refund.payment_id,
    paymentId: metadataField(refund.metadata, 'refundId'),
    state: REFUND_STATUSES[refund.status].state,
    amount: fromWireAmount(refund.amount),
    currency: refund.amount.currency,
    createdAt: new Date(refund.created_at).toISOString(),
    raw: refund,
  };
}
