// Work that follows decisions: record notified payments, start a prorated refund, cancel payment links nobody may
// pay any more. Acquirer steps that fail are tried again later with backoff, never blocking anything else.
import { onCardCheckAuthorised } from './card-check.js';
import { paidCheckout } from './checkout.js';
import type { Decision, DecisionContext } from './decision.js';
import { reply, withoutWrite } from './decision.js';
import { initialInvoiceId } from './ids.js';
import { isLive, iso } from './lifecycle.js';
import type { PaymentOutcomeFact } from './messages.js';
import { type AreaPlan, perform, wakeAt } from './plan.js';
import { renewalPaid } from './renewal-outcomes.js';
import type { SubscriptionState } from './state.js';

const HOUSEKEEPING_BACKOFF_MS = [30_000, 120_000, 600_000, 1_800_000, 3_600_000];

export const housekeepingAllowed = (s: SubscriptionState, now: number) =>
  s.housekeeping === null || now >= Date.parse(s.housekeeping.retryAt);

export function factsPlan(s: SubscriptionState): AreaPlan {
  const [fact] = s.pendingFacts;
  return fact ? perform({ kind: 'record_fact', fact }) : null;
}

/** A notified payment is recorded: if it pays what this subscription is waiting for, that is settled now. */
export function onFactRecorded(s: SubscriptionState, ctx: DecisionContext): Decision {
  const [fact, ...rest] = s.pendingFacts;
  const next = { ...s, pendingFacts: rest };
  if (fact?.outcome !== 'succeeded') return withoutWrite(next);
  return settledBy(next, fact, ctx);
}

function settledBy(s: SubscriptionState, fact: PaymentOutcomeFact, ctx: DecisionContext): Decision {
  if (s.status === 'pending_payment' && fact.invoiceId === initialInvoiceId(s.subscriptionId) && s.checkout)
    return paidCheckout(s, ctx);
  const c = s.cardCheck;
  if (c && c.state !== 'authorised' && fact.invoiceId === c.invoiceId)
    return onCardCheckAuthorised(s, fact.providerTransactionId, ctx);
  if (isLive(s) && s.dunning && fact.invoiceId === s.dunning.invoiceId) return renewalPaid(s, ctx);
  return withoutWrite(s);
}

export function refundPlan(s: SubscriptionState): AreaPlan {
  return s.refundToStart ? perform({ kind: 'start_refund', refund: s.refundToStart }) : null;
}

export function onRefundStarted(s: SubscriptionState): Decision {
  const waiter = s.refundToStart?.waiter;
  return withoutWrite({ ...s, refundToStart: null }, waiter === undefined ? [] : [reply(waiter, { kind: 'state' })]);
}

export function linksPlan(s: SubscriptionState, allowed: boolean): AreaPlan {
  const [linkId] = s.linksToCancel;
  return linkId && allowed ? perform({ kind: 'cancel_link', linkId }) : null;
}

export const onLinkCancelled = (s: SubscriptionState): Decision =>
  withoutWrite({ ...s, linksToCancel: s.linksToCancel.slice(1), housekeeping: null });

/** A lookup or a link cancel could not reach the acquirer: try again later, later each time. */
export function onHousekeepingFailed(s: SubscriptionState, ctx: DecisionContext): Decision {
  const failures = (s.housekeeping?.failures ?? 0) + 1;
  const delay = HOUSEKEEPING_BACKOFF_MS[Math.min(failures, HOUSEKEEPING_BACKOFF_MS.length) - 1] ?? 3_600_000;
  return withoutWrite({ ...s, housekeeping: { failures, retryAt: iso(ctx.now + delay) } });
}

export const housekeepingSucceeded = (s: SubscriptionState): SubscriptionState =>
  s.housekeeping === null ? s : { ...s, housekeeping: null };

export function housekeepingWake(s: SubscriptionState): AreaPlan {
  return s.housekeeping ? wakeAt(Date.parse(s.housekeeping.retryAt)) : null;
}

/** Anything still to settle once the subscription has ended (a hold, a link, a refund to start, a notification). */
export const hasOpenWork = (s: SubscriptionState) =>
  s.pendingFacts.length > 0 || s.cardCheck !== null || s.linksToCancel.length > 0 || s.refundToStart !== null;
