// A paid period ends: cancel at its end, switch to a scheduled plan, or renew by the saved card with dunning. The
// renewal's amount is fixed when the period ends, from the plan the new period is for.
import { dunningDeadline } from '../dunning.js';
import { periodBounds } from '../periods.js';
import type { Decision, DecisionContext, SubscriptionEvent } from './decision.js';
import { renewalInvoiceId } from './ids.js';
import { canceled, iso } from './lifecycle.js';
import { type AreaPlan, decide, perform, wakeAt } from './plan.js';
import { endForNonPayment } from './renewal-outcomes.js';
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
