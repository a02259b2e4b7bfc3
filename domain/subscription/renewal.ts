// A paid period ends: cancel at its end, switch to a scheduled plan, or renew by the saved card with dunning. The
// renewal's amount is fixed when the period ends, from the plan the new period is for.
import { dunningDeadline, nextRetryAt } from '../dunning.js';
import { periodBounds } from '../periods.js';
import type { ChargeAnswer } from './charge-answer.js';
import type { Decision, DecisionContext, SubscriptionEvent } from './decision.js';
import { answerAll } from './decision.js';
import { renewalInvoiceId } from './ids.js';
import { canceled, enterPeriod, iso } from './lifecycle.js';
import type { AuditNote, Checkout } from './messages.js';
import { type AreaPlan, decide, perform, wakeAt } from './plan.js';
import type { DunningState, SubscriptionState } from './state.js';

export function renewalPlan(s: SubscriptionState, ctx: DecisionContext, lookupsAllowed: boolean): AreaPlan {
  if (s.status === 'active' && s.dunning === null) {
    const end = Date.parse(s.currentPeriodEnd ?? iso(ctx.now));
    return ctx.now < end ? wakeAt(end) : decide(periodEnded(s, ctx));
  }
  const d = s.dunning;
  if (d === null || (s.status !== 'active' && s.status !== 'past_due')) return null;
  if (d.newCard?.state === 'requested') {
    const description = `Movix ${s.plan.id}: new card`;
    const link = { invoiceId: d.invoiceId, amount: d.amount, currency: d.currency, description, capture: true };
    return perform({ kind: 'create_link', purpose: 'new_card', ...link, returnUrl: d.newCard.returnUrl ?? null });
  }
  const deadline = dunningEnd(s, d);
  if (d.newCard?.state === 'open') {
    // No automatic retry while the payer may pay this invoice by link; at the end, the link is asked about first.
    if (ctx.now < deadline) return wakeAt(deadline);
    if (!d.lookedUp) {
      return lookupsAllowed ? perform({ kind: 'look_up', purpose: 'new_card', invoiceId: d.invoiceId }) : null;
    }
    return decide(endForNonPayment(s, ctx));
  }
  if (d.nextAttemptAt !== null) {
    const at = Date.parse(d.nextAttemptAt);
    if (ctx.now < at) return wakeAt(at);
    const attempt = d.unsettled ? d.attempts : d.attempts + 1;
    const invoice = { kind: 'renewal' as const, periodStart: d.periodStart, periodEnd: d.periodEnd };
    return perform({ kind: 'charge', purpose: 'renewal', invoiceId: d.invoiceId, attempt, ...money(d), invoice });
  }
  if (ctx.now < deadline) return wakeAt(deadline);
  // The schedule is over. An open card check is looked up first (see card-check.ts): a card saved now gets a try.
  if (s.cardCheck && s.cardCheck.state !== 'authorised') return null;
  return decide(endForNonPayment(s, ctx));
}

/** The schedule has run out: no retry planned and its last offset has passed. */
export const dunningOver = (s: SubscriptionState, now: number) =>
  s.status === 'past_due' && s.dunning !== null && s.dunning.nextAttemptAt === null && now >= dunningEnd(s, s.dunning);

const dunningEnd = (s: SubscriptionState, d: DunningState) =>
  d.firstFailureAt ? dunningDeadline(new Date(d.firstFailureAt), s.plan.dunningScheduleSeconds).getTime() : Infinity;

export const dunningDeadlineIso = (s: SubscriptionState, d: DunningState) => {
  const end = dunningEnd(s, d);
  return Number.isFinite(end) ? iso(end) : (s.currentPeriodEnd ?? '');
};

const money = (d: DunningState) => ({ amount: d.amount, currency: d.currency });

export function periodEnded(s: SubscriptionState, ctx: DecisionContext): Decision {
  if (s.cancelAtPeriodEnd) {
    return {
      state: canceled(s, 'period_end', ctx.now),
      persist: { events: ['subscription.canceled', 'entitlement.revoked'] },
      replies: [],
    };
  }
  const events: SubscriptionEvent[] = [];
  let next = s;
  if (s.pendingPlan) {
    // A scheduled plan change starts a new anchor at the boundary: the new plan's periods count from here.
    next = { ...s, anchor: s.currentPeriodEnd, plan: s.pendingPlan, pendingPlan: null, periodIndex: -1 };
    events.push('subscription.plan_changed');
  }
  const bounds = periodBounds(new Date(next.anchor ?? iso(ctx.now)), next.plan.period, next.periodIndex + 1);
  const dunning: DunningState = {
    invoiceId: renewalInvoiceId(s.subscriptionId, s.renewalsPaid + 1),
    amount: next.plan.amount,
    currency: next.plan.currency,
    planId: next.plan.id,
    periodStart: bounds.start.toISOString(),
    periodEnd: bounds.end.toISOString(),
    attempts: 0,
    firstFailureAt: '',
    softDeclinesAt: [],
    hardDeclined: false,
    nextAttemptAt: iso(ctx.now),
    lookedUp: false,
    retryWaiters: [],
    newCard: null,
  };
  return { state: { ...next, dunning }, persist: events.length ? { events } : undefined, replies: [] };
}

export function onRenewalAnswer(s: SubscriptionState, answer: ChargeAnswer, ctx: DecisionContext): Decision {
  const d = s.dunning as DunningState;
  if (answer.outcome === 'succeeded') return renewalPaid(s, ctx);
  if (answer.outcome !== 'declined') return unsettled(s, ctx);
  const at = iso(ctx.now);
  const firstFailureAt = d.attempts === 1 || !d.firstFailureAt ? at : d.firstFailureAt;
  const hard = answer.declineClass === 'hard';
  const softDeclinesAt = hard ? d.softDeclinesAt : [...d.softDeclinesAt, at];
  const retry =
    hard || d.hardDeclined
      ? null
      : nextRetryAt({
          firstFailureAt: new Date(firstFailureAt),
          softDeclinesAt: softDeclinesAt.map((t) => new Date(t)),
          scheduleSeconds: s.plan.dunningScheduleSeconds,
          period: s.plan.period,
        });
  const nextAttemptAt = retry?.toISOString() ?? null;
  const dunning = { ...d, firstFailureAt, softDeclinesAt, hardDeclined: d.hardDeclined || hard, nextAttemptAt };
  const wasActive = s.status === 'active';
  return {
    state: {
      ...s,
      status: 'past_due',
      pastDueSince: s.pastDueSince ?? at,
      nextChargeAt: nextAttemptAt,
      chargeInFlight: null,
      dunning: { ...dunning, unsettled: false, retryWaiters: [], retryAudit: undefined },
    },
    persist: {
      events: wasActive ? ['payment.failed', 'subscription.past_due'] : ['payment.failed'],
      audit: d.retryAudit,
    },
    replies: answerAll(d.retryWaiters, { kind: 'state' }),
  };
}

/** The attempt's outcome is not known: keep it in flight and try the same attempt (lookup first) later. */
function unsettled(s: SubscriptionState, ctx: DecisionContext): Decision {
  const d = s.dunning as DunningState;
  const dunning = { ...d, unsettled: true, nextAttemptAt: iso(ctx.now + UNSETTLED_RETRY_MS) };
  return { state: { ...s, dunning }, replies: [] };
}
export const UNSETTLED_RETRY_MS = 10 * 60_000;

export function renewalPaid(s: SubscriptionState, ctx: DecisionContext, audit?: AuditNote): Decision {
  const d = s.dunning as DunningState;
  const paid = enterPeriod(
    {
      ...s,
      status: 'active',
      pastDueSince: null,
      dunning: null,
      chargeInFlight: null,
      renewalsPaid: s.renewalsPaid + 1,
    },
    s.periodIndex + 1,
  );
  // A new-card link still open is of no use now (cancelling one that was just paid is answered harmlessly).
  const links = d.newCard?.orderId ? [d.newCard.orderId] : [];
  const succeeded = { kind: 'checkout' as const, checkout: newCardView(d, 'succeeded', iso(ctx.now)) };
  return {
    state: { ...paid, linksToCancel: [...paid.linksToCancel, ...links] },
    persist: {
      events: ['subscription.renewed', 'payment.succeeded'],
      invoice: { id: d.invoiceId, status: 'paid' },
      audit: audit ?? d.retryAudit,
    },
    replies: [...answerAll(d.retryWaiters, { kind: 'state' }), ...answerAll(d.newCard?.waiters ?? [], succeeded)],
  };
}

export function newCardView(d: DunningState, status: Checkout['status'], expiresAt: string): Checkout {
  const paymentUrl = status === 'awaiting_payment' ? d.newCard?.url : undefined;
  return { invoiceId: d.invoiceId, status, paymentUrl, expiresAt };
}

export function endForNonPayment(s: SubscriptionState, ctx: DecisionContext): Decision {
  const d = s.dunning as DunningState;
  const refused = { kind: 'failed' as const, type: 'invalid_state', message: 'The subscription ended unpaid' };
  return {
    state: canceled(s, 'payment_failed', ctx.now),
    persist: {
      events: ['subscription.canceled', 'entitlement.revoked'],
      invoice: { id: d.invoiceId, status: 'uncollectible' },
    },
    replies: [...answerAll(d.retryWaiters, { kind: 'state' }), ...answerAll(d.newCard?.waiters ?? [], refused)],
  };
}

/** The new-card link is open: the payer pays the unpaid renewal there; retries wait meanwhile. */
export function onNewCardLink(s: SubscriptionState, link: { url: string; orderId: string }): Decision {
  const d = s.dunning as DunningState;
  const newCard = { ...d.newCard, state: 'open' as const, orderId: link.orderId, url: link.url, waiters: [] };
  const dunning = { ...d, newCard };
  const checkout = newCardView(dunning, 'awaiting_payment', dunningDeadlineIso(s, d));
  return {
    state: { ...s, nextChargeAt: null, dunning },
    persist: { events: [] },
    replies: answerAll(d.newCard?.waiters ?? [], { kind: 'checkout', checkout }),
  };
}

export function onNewCardLinkFailed(s: SubscriptionState, failure: { type: string; message: string }): Decision {
  const d = s.dunning as DunningState;
  return {
    state: { ...s, dunning: { ...d, newCard: null } },
    replies: answerAll(d.newCard?.waiters ?? [], { kind: 'failed', ...failure }),
  };
}

/** The schedule's end: was the new-card link paid after all? A paid one wins; otherwise the subscription ends. */
export function onNewCardLookup(s: SubscriptionState, found: boolean, ctx: DecisionContext): Decision {
  const d = s.dunning as DunningState;
  if (found) return renewalPaid(s, ctx);
  return { state: { ...s, dunning: { ...d, lookedUp: true } }, replies: [] };
}
