// The side effects a subscription asks for, one at a time, and what each can come back with. The workflow turns a
// step into one activity call; the outcome goes back through a pure transition (see outcomes.ts).

import type { ChargeAnswer } from './charge-answer.js';
import type { PaymentOutcomeFact } from './messages.js';
import type { PayerReturn } from './payer-action.js';
import type { RefundToStart } from './state.js';

/** An invoice the step creates (idempotently, by id) before it asks the acquirer to be paid for it. */
export interface InvoiceToOpen {
  kind: 'renewal' | 'proration' | 'card_check';
  periodStart: string;
  periodEnd: string;
  /** The plan the invoice buys when it is not the subscription's current one (an upgrade's proration): its receipt line. */
  planId?: string | undefined;
}

export type LinkPurpose = 'checkout' | 'card_check' | 'new_card';

export type Step =
  /** The subscription row and its initial invoice. */
  | { kind: 'open_checkout'; invoiceId: string; expiresAt: string; returnUrl: string | null }
  | {
      kind: 'create_link';
      purpose: LinkPurpose;
      invoiceId: string;
      amount: number;
      currency: string;
      description: string;
      returnUrl: string | null;
      /** false: authorise only (a hold), for card checks. */
      capture: boolean;
      invoice?: InvoiceToOpen | undefined;
    }
  | { kind: 'charge_cryptogram'; invoiceId: string; amount: number; currency: string; ipAddress: string }
  | ({ kind: 'complete_authentication'; invoiceId: string } & PayerReturn)
  /** The saved card, merchant-initiated: a renewal attempt or an upgrade's proration. */
  | {
      kind: 'charge';
      purpose: 'renewal' | 'upgrade';
      invoiceId: string;
      attempt: number;
      amount: number;
      currency: string;
      invoice: InvoiceToOpen;
    }
  /** Was this invoice paid at the acquirer after all (a link the payer may have paid, a lost notification)? */
  | { kind: 'look_up'; purpose: LinkPurpose; invoiceId: string }
  | { kind: 'cancel_link'; linkId: string }
  | { kind: 'release_hold'; invoiceId: string; providerTransactionId: string }
  | { kind: 'record_fact'; fact: PaymentOutcomeFact }
  | { kind: 'start_refund'; refund: RefundToStart };

export type Outcome =
  | { kind: 'done' }
  | { kind: 'link'; url: string; linkId: string }
  | { kind: 'answer'; answer: ChargeAnswer }
  | { kind: 'found'; providerTransactionId: string }
  | { kind: 'not_found' }
  /** The activity gave up after its retries (the acquirer is down, or refused for good). */
  | { kind: 'failed'; type: string; message: string };

/** Steps that may move money: at most one runs at a time, and none after an accepted cancel. */
export const isCharge = (step: Step) =>
  step.kind === 'charge' || step.kind === 'charge_cryptogram' || step.kind === 'complete_authentication';
