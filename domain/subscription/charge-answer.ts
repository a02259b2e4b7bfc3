import type { LegacyChallenge, PayerAction } from './payer-action.js';

/** What a charge activity tells the workflow: no acquirer payloads, only the facts a decision needs. */
export interface ChargeAnswer {
  outcome: 'succeeded' | 'declined' | 'requires_action' | 'unknown';
  paymentId: string;
  providerTransactionId?: string | undefined;
  /** Which acquirer took the attempt: shown with the activity's result in the Temporal Web UI; workflows ignore it. */
  acquirer?: string | undefined;
  /** The payer's confirmation step, as the acquirer gave it (its return address unsigned). */
  challenge?: PayerAction | LegacyChallenge | undefined;
  declineCode?: string | undefined;
  declineReason?: string | undefined;
  declineClass?: 'hard' | 'soft' | undefined;
}

/** Our payment ids and idempotency keys derive from the invoice and attempt: never random, never the run id. */
export const paymentIdFor = (invoiceId: string, attempt: number) => `pay_${invoiceId}_${attempt}`;
export const idempotencyKeyFor = (invoiceId: string, attempt: number) => `${invoiceId}:${attempt}`;
