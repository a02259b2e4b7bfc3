// The subscription as its workflow holds it: small, serialisable, no acquirer payloads. Everything in progress (a
// checkout, an unpaid renewal, a card check, an upgrade) lives here too, so a run can continue-as-new at any quiet
// point and the next run picks the work up where it was.

import type { CancelReason, SubscriptionStatus } from '../../db/schema/statuses.js';
import type { Period } from '../periods.js';
import type { AuditNote, Checkout, PaymentOutcomeFact } from './messages.js';
import type { PayerReturn } from './payer-action.js';

export interface PlanSnapshot {
  id: string;
  amount: number;
  currency: string;
  period: Period;
  role: string;
  dunningScheduleSeconds: number[];
}

/** What callers read back (updates, the state query), the same for every release of the workflow. */
export interface SubscriptionView {
  subscriptionId: string;
  userId: string;
  status: SubscriptionStatus;
  plan: PlanSnapshot;
  pendingPlan: PlanSnapshot | null;
  anchor: string | null;
  /** Index of the current period from the anchor (0 = the first paid period); restarts when a plan change moves it. */
  periodIndex: number;
  /** Renewals paid over the subscription's whole life; never restarts, so it numbers invoices. */
  renewalsPaid: number;
  currentPeriodStart: string | null;
  currentPeriodEnd: string | null;
  cancelAtPeriodEnd: boolean;
  pastDueSince: string | null;
  nextChargeAt: string | null;
  canceledAt: string | null;
  cancelReason: CancelReason | null;
  /** The invoice whose charge is being made or settled; no other money operation starts meanwhile. */
  chargeInFlight: string | null;
  /** Bumped when a new card is saved. */
  paymentMethodVersion: number;
}

/** The checkout of a new subscription, from its invoice to `active` or `expired`. */
export interface CheckoutProgress {
  invoiceId: string;
  method: 'payment_link' | 'card_cryptogram';
  ipAddress?: string | undefined;
  returnUrl: string | null;
  expiresAt: string;
  stage: 'new' | 'opened' | 'awaiting_payment' | 'requires_action' | 'authenticating' | 'settling' | 'done';
  /** The acquirer's id of the checkout's payment link. */
  linkId?: string | undefined;
  /** The 3-D Secure answer being sent to the acquirer (stage `authenticating`). */
  authentication?: PayerReturn | undefined;
  /** The payer saw a decline (cryptogram or 3-D Secure); expiry then says so. */
  declined?: { reason?: string | undefined } | undefined;
  /** The checkout could not start at all (e.g. the user has another live subscription): the subscribe call fails. */
  failure?: { type: string; message: string } | undefined;
  /** What the subscribe call answers; set once the payer has something to do or an outcome. */
  view?: Checkout | undefined;
  waiters: number[];
}

/** The renewal of a period that has ended and is not yet paid: its invoice, attempts and dunning. */
export interface DunningState {
  invoiceId: string;
  /** Fixed when the period ended: the price of the plan the new period is for. */
  amount: number;
  currency: string;
  planId: string;
  periodStart: string;
  periodEnd: string;
  attempts: number;
  firstFailureAt: string;
  softDeclinesAt: string[];
  hardDeclined: boolean;
  /** When the next automatic (or requested) attempt is due; null: none is planned. */
  nextAttemptAt: string | null;
  /** Open payment links were looked up at the acquirer after the schedule ended. */
  lookedUp: boolean;
  /** The last attempt's outcome is not known yet: the next try repeats it (lookup first) instead of a new one. */
  unsettled?: boolean | undefined;
  /** An operator's "retry now" requests, answered once the attempt has an outcome, and who asked. */
  retryWaiters: number[];
  retryAudit?: AuditNote | undefined;
  /** The payer is replacing the card: a payment link for this invoice; automatic retries wait meanwhile. */
  newCard: NewCardLink | null;
}

export interface NewCardLink {
  state: 'requested' | 'open';
  returnUrl?: string | null | undefined;
  linkId?: string | undefined;
  url?: string | undefined;
  waiters: number[];
}

/** A hold that verifies a new card while active: requested, open for the payer, then authorised (and voided). */
export interface CardCheckState {
  invoiceId: string;
  state: 'requested' | 'open' | 'authorised';
  linkId?: string | undefined;
  url?: string | undefined;
  returnUrl?: string | null | undefined;
  requestedAt?: string | undefined;
  expiresAt: string;
  holdTransactionId?: string | undefined;
  /** Failed voids so far and when to try again; a void that keeps failing never holds up anything else. */
  releaseTries?: number | undefined;
  retryAt?: string | undefined;
  waiters: number[];
}

/** An upgrade being charged: the plan applies once its proration invoice is paid. */
export interface UpgradeProgress {
  plan: PlanSnapshot;
  requestedAt: string;
  invoiceId: string;
  amount: number;
  actor: string;
  waiter: number;
}

/** A prorated refund to start once an immediate cancel is persisted. */
export interface RefundToStart {
  invoiceId: string;
  periodStart: string;
  periodEnd: string;
  actor: string;
  waiter: number;
}

export interface SubscriptionState extends SubscriptionView {
  checkout: CheckoutProgress | null;
  dunning: DunningState | null;
  cardCheck: CardCheckState | null;
  /** Card checks opened so far; numbers their invoices. */
  cardChecks: number;
  upgrade: UpgradeProgress | null;
  /** Upgrades tried so far; numbers their proration invoices, so a declined one can be tried again. */
  upgrades: number;
  refundToStart: RefundToStart | null;
  /** Notified payments not yet recorded, in arrival order. */
  pendingFacts: PaymentOutcomeFact[];
  /** Payment links (order ids) to cancel at the acquirer: nobody may pay them any more. */
  linksToCancel: string[];
  /** Background acquirer steps (lookups, cancelling links, voids) that failed: when to try again. */
  housekeeping: { failures: number; retryAt: string } | null;
}
