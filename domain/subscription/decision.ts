// What a pure transition decides: the new state, what to persist (row, invoice, events, audit), and the answers
// owed to requests waiting on it. The workflow applies decisions in one order and persists each before answering.
import type { Refusal } from './commands.js';
import type { AuditNote, Checkout } from './messages.js';
import type { SubscriptionState } from './state.js';

export type SubscriptionEvent =
  | 'subscription.activated'
  | 'subscription.renewed'
  | 'subscription.past_due'
  | 'subscription.canceled'
  | 'subscription.expired'
  | 'subscription.plan_changed'
  | 'payment.succeeded'
  | 'payment.failed'
  | 'entitlement.granted'
  | 'entitlement.revoked';

export interface Persist {
  events: SubscriptionEvent[];
  invoice?: { id: string; status: 'paid' | 'void' | 'uncollectible' } | undefined;
  audit?: AuditNote | undefined;
}

export type ReplyResult =
  | { kind: 'state' }
  | { kind: 'checkout'; checkout: Checkout }
  | { kind: 'plan_changed'; prorationInvoiceId: string | null }
  | { kind: 'refused'; refusal: Refusal }
  /** The request was taken but its work failed: a decline, or the acquirer refused or could not be reached. */
  | { kind: 'failed'; type: string; message: string; details?: Record<string, unknown> | undefined };

export interface Reply {
  to: number;
  result: ReplyResult;
}

export interface Decision {
  state: SubscriptionState;
  persist?: Persist | undefined;
  replies: Reply[];
}

/** Everything a decision may read besides the state: the workflow's clock and its fixed settings. */
export interface DecisionContext {
  now: number;
  checkoutTtlMs: number;
  /** The return address a confirmation step named in a charge's answer recorded before steps were opaque (no state). */
  legacyReturnUrl: string;
}

export const reply = (to: number, result: ReplyResult): Reply => ({ to, result });
export const answerAll = (waiters: readonly number[], result: ReplyResult): Reply[] =>
  waiters.map((to) => reply(to, result));
/** A decision that writes nothing: the new state (work in progress) and any answers owed now. */
export const withoutWrite = (state: SubscriptionState, replies: Reply[] = []): Decision => ({ state, replies });
