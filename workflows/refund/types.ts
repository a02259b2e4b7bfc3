// Plain data carried by the refund workflow: ids, amounts, statuses; never acquirer payloads.
import type { RefundStatus } from '../../db/schema/statuses.js';

export interface RefundRequest {
  /** A business key: derived from the payment and the caller's idempotency key, or from the invoice on cancel. */
  refundId: string;
  paymentId: string;
  /** Minor units; null refunds everything still refundable. */
  amount: number | null;
  reason: string;
  /** JWT `sub` of whoever asked (an operator, or the user cancelling). */
  requestedBy: string;
  /** Amounts above this (minor units) wait for an operator; null: never. */
  approvalThreshold: number | null;
  /** How long an operator has to decide before the refund is rejected. */
  approvalTimeoutMs: number;
  /**
   * Set when the refund gives back a second capture of one invoice (started by reconciliation): the invoice stays
   * paid by its first capture, so the subscription is not told, and the finding is resolved once it succeeds.
   */
  duplicateCapture?: DuplicateCapture | undefined;
}

/** An acquirer capture of an invoice after its first one; the first is never refunded for it. */
export interface DuplicateCapture {
  transactionId: string;
  firstCaptureTransactionId: string;
  invoiceId: string;
}

export interface RefundView {
  refundId: string;
  paymentId: string;
  invoiceId: string;
  subscriptionId: string;
  amount: number;
  currency: string;
  status: RefundStatus;
  approvalDeadline: string | null;
}

/** A refund's outcome learnt from the acquirer (a notification or reconciliation), not from our own call. */
export interface RefundResultFact {
  outcome: 'succeeded' | 'declined';
  providerTransactionId?: string | undefined;
  reason?: string | undefined;
}

export interface RefundDecision {
  approved: boolean;
  actor: string;
  reason?: string | undefined;
}
