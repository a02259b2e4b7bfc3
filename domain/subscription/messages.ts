import type { PayerAction } from './payer-action.js';

// What travels between the API, the acquirer's notifications and the subscription workflow.

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

/** The checkout as the payer sees it (api.md "Checkout"). */
export interface Checkout {
  invoiceId: string;
  status: CheckoutStatus;
  paymentUrl?: string | undefined;
  expiresAt: string;
  /** The payer's confirmation step (`requires_action`), as the acquirer gave it. */
  action?: PayerAction | undefined;
  /** Views made before `action`: the 3-D Secure form by its parts. */
  threeDs?: { acsUrl: string; paReq: string; md: string; termUrl: string } | undefined;
  declineReason?: string | undefined;
}

/** A payment outcome as the workflow sees it, from an acquirer notification or reconciliation. */
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

/** Who caused a transition and why, for the audit log; transitions without one are the workflow's own. */
export interface AuditNote {
  actor: string;
  reason?: string | undefined;
}
