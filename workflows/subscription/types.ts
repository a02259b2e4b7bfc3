// Plain data carried by the subscription workflow: small, serialisable, no acquirer payloads.
import type { CancelReason, SubscriptionStatus } from '../../db/schema/statuses.js';
import type { Period } from '../../domain/periods.js';

export interface PlanSnapshot {
  id: string;
  amount: number;
  currency: string;
  period: Period;
  role: string;
  dunningScheduleSeconds: number[];
}

export type CheckoutMethod =
  | { method: 'payment_link' }
  // The cryptogram itself waits in the database (checkout_cryptograms), so it never enters history; histories
  // recorded before that carry it here.
  | { method: 'card_cryptogram'; cryptogram?: string | undefined; ipAddress: string };

export interface CheckoutRequest {
  payment: CheckoutMethod;
  returnUrl: string | null;
}

export type CheckoutStatus = 'awaiting_payment' | 'requires_action' | 'succeeded' | 'declined';

export interface Checkout {
  invoiceId: string;
  status: CheckoutStatus;
  paymentUrl?: string | undefined;
  expiresAt: string;
  threeDs?: { acsUrl: string; paReq: string; md: string; termUrl: string } | undefined;
  declineReason?: string | undefined;
}

/** A payment outcome as the workflow sees it, from an activity's answer or an acquirer notification. */
export interface PaymentOutcomeFact {
  invoiceId: string;
  outcome: 'succeeded' | 'declined';
  providerTransactionId: string;
  declineCode?: string | undefined;
  declineReason?: string | undefined;
  declineClass?: 'hard' | 'soft' | undefined;
  /** The inbox row of the notification that reported it, when it came from the acquirer. */
  inboxId?: number | undefined;
}

export interface DunningState {
  invoiceId: string;
  attempts: number;
  firstFailureAt: string;
  softDeclinesAt: string[];
  hardDeclined: boolean;
  /** The payer is replacing the card: a payment link for this invoice; automatic retries wait meanwhile. */
  newCard?: { state: 'requested' | 'open'; orderId?: string | undefined; url?: string | undefined } | null;
}

/** A hold that verifies a new card while active: open until paid (then voided) or until it expires. */
export interface CardCheckState {
  invoiceId: string;
  state: 'requested' | 'open';
  orderId?: string | undefined;
  url?: string | undefined;
  expiresAt: string;
}

export interface SubscriptionState {
  subscriptionId: string;
  userId: string;
  status: SubscriptionStatus;
  plan: PlanSnapshot;
  pendingPlan: PlanSnapshot | null;
  anchor: string | null;
  /** Index of the current period from the anchor (0 = the first paid period); restarts when a plan change moves the anchor. */
  periodIndex: number;
  /** Renewals paid so far over the subscription's whole life; never restarts, so it numbers invoices. */
  renewalsPaid: number;
  currentPeriodStart: string | null;
  currentPeriodEnd: string | null;
  cancelAtPeriodEnd: boolean;
  pastDueSince: string | null;
  nextChargeAt: string | null;
  canceledAt: string | null;
  cancelReason: CancelReason | null;
  dunning: DunningState | null;
  /** Set while a charge's outcome is unknown: no other money operation may start. */
  chargeInFlight: string | null;
  /** Bumped when a new card is saved: a past_due subscription retries at once. */
  paymentMethodVersion: number;
  /** A card check in progress (absent in histories recorded before card checks existed). */
  cardCheck?: CardCheckState | null;
  /** Card checks opened so far; numbers their invoices. */
  cardChecks?: number;
}

/** Who caused a transition and why, for the audit log; transitions without one are the workflow's own. */
export interface AuditNote {
  actor: string;
  reason?: string | undefined;
}

export interface SubscriptionWorkflowInput {
  state: SubscriptionState;
  /** Only in the first run: how the user wants to pay. */
  checkout?: CheckoutRequest | undefined;
  checkoutTtlMs: number;
  /** Our 3-D Secure return URL (TermUrl). */
  termUrl: string;
  /** Transitions persisted so far; numbers outbox events stably across retries and runs. */
  transition: number;
}
