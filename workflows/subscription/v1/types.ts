// The state of the first release of the subscription workflow (frozen: runs started on it may still be live).
import type { CheckoutRequest } from '../../../domain/subscription/messages.js';
import type { SubscriptionView } from '../../../domain/subscription/state.js';

export type {
  AuditNote,
  Checkout,
  CheckoutRequest,
  PaymentOutcomeFact,
} from '../../../domain/subscription/messages.js';
export type { PlanSnapshot } from '../../../domain/subscription/state.js';

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

export interface SubscriptionState extends SubscriptionView {
  dunning: DunningState | null;
  /** A card check in progress (absent in histories recorded before card checks existed). */
  cardCheck?: CardCheckState | null;
  /** Card checks opened so far; numbers their invoices. */
  cardChecks?: number;
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
