// Exhaustive tables from YooKassa's values to ours (a missing case does not compile).
import type { DeclineClass, OperationResult, PaymentOutcome, PaymentState } from '../provider.js';
import type { PaymentStatus, RefundStatus } from './schemas.js';

/** `not_a_decline`: the payment ended without a card problem (abandoned, expired hold, cancelled by us). */
export type ReasonClass = DeclineClass | 'not_a_decline';

/** `cancellation_details.reason` → hard/soft for merchant-initiated retries (reference §2.4 and §5). */
export const CANCELLATION_REASONS = {
  insufficient_funds: 'soft',
  issuer_unavailable: 'soft',
  payment_method_limit_exceeded: 'soft',
  internal_timeout: 'soft',
  general_decline: 'soft',
  call_issuer: 'soft',
  card_expired: 'hard',
  permission_revoked: 'hard',
  payment_method_restricted: 'hard',
  fraud_suspected: 'hard',
  invalid_card_number: 'hard',
  invalid_csc: 'hard',
  '3d_secure_failed': 'hard',
  country_forbidden: 'hard',
  identification_required: 'hard',
  unsupported_mobile_operator: 'hard',
  loan_declined: 'hard',
  expired_on_confirmation: 'not_a_decline',
  expired_on_capture: 'not_a_decline',
  canceled_by_merchant: 'not_a_decline',
  deal_expired: 'not_a_decline',
  // Refund cancellations.
  rejected_by_payee: 'hard',
  rejected_by_timeout: 'soft',
  yoo_money_account_closed: 'hard',
  payment_expired: 'hard',
} as const satisfies Record<string, ReasonClass>;
export type CancellationReason = keyof typeof CANCELLATION_REASONS;

/** A reason YooKassa adds later has no class yet: soft, so the dunning schedule (which is bounded) may retry. */
export function classOfReason(reason: string): ReasonClass {
  return Object.hasOwn(CANCELLATION_REASONS, reason) ? CANCELLATION_REASONS[reason as CancellationReason] : 'soft';
}

type Mapped = { state: PaymentState; outcome: PaymentOutcome };

/** Payment status → ours; `pending` depends on whether the payer has something to do, `canceled` on why. */
export const PAYMENT_STATUSES: Record<PaymentStatus, Mapped | 'by_confirmation' | 'by_reason'> = {
  pending: 'by_confirmation',
  waiting_for_capture: { state: 'authorized', outcome: 'succeeded' },
  succeeded: { state: 'captured', outcome: 'succeeded' },
  canceled: 'by_reason',
};

export const PENDING_PAYMENT: Record<'payer_to_confirm' | 'processing', Mapped> = {
  payer_to_confirm: { state: 'awaiting_authentication', outcome: 'requires_action' },
  // No confirmation URL (a merchant-initiated charge still processing): nothing for a payer to do; a lookup settles it.
  processing: { state: 'awaiting_authentication', outcome: 'unknown' },
};

export const CANCELED_PAYMENT: Record<'decline' | 'not_a_decline', Mapped> = {
  decline: { state: 'declined', outcome: 'declined' },
  // A released hold, an abandoned confirmation or an expired hold: no money taken, not a card problem.
  not_a_decline: { state: 'cancelled', outcome: 'voided' },
};

/** Refund status → ours. A pending refund is not decided yet: `unknown` until findRefund sees it final. */
export const REFUND_STATUSES: Record<RefundStatus, { state: PaymentState; outcome: OperationResult['outcome'] }> = {
  pending: { state: 'awaiting_authentication', outcome: 'unknown' },
  succeeded: { state: 'captured', outcome: 'succeeded' },
  canceled: { state: 'declined', outcome: 'declined' },
};
