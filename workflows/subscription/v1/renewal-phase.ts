// One period of a paid subscription: wait for its end (or a cancel), then renew by token with dunning.
// Returns when the next period is paid (the caller continues-as-new) or the subscription has ended.
import { condition, patched } from '@temporalio/workflow';
import { dunningDeadline, nextRetryAt } from '../../../domain/dunning.js';
import { periodBounds } from '../../../domain/periods.js';
import { HAND_OVER_AT_PERIOD_END, LOOK_UP_LINK_BEFORE_ENDING } from '../versions.js';
import { acquirer, records } from './activity-proxies.js';
import { cancel, enterPeriod, nowIso, renewalInvoiceId } from './state.js';
import type { PaymentOutcomeFact, SubscriptionState } from './types.js';

export interface PeriodContext {
  s: SubscriptionState;
  /** Payment outcomes reported by the acquirer's notifications, in arrival order. */
  facts: PaymentOutcomeFact[];
  sync(events: string[], invoice?: { id: string; status: 'paid' | 'uncollectible' }): Promise<void>;
  /** True once the user asked for an immediate cancel; the caller has already applied it. */
  ended(): boolean;
  /** An operator asked to retry the failed renewal now. */
  retryRequested(): boolean;
  /** Consumes that request. */
  takeRetryRequest(): boolean;
}

export async function runPeriod(ctx: PeriodContext): Promise<void> {
  const { s } = ctx;
  if (s.status === 'active') {
    const end = Date.parse(s.currentPeriodEnd ?? nowIso());
    await condition(() => ctx.ended(), Math.max(end - Date.now(), 0));
    if (ctx.ended()) return;
    // Patched in release 2: the period is over, so this run ends here and release 2 makes the renewal.
    if (patched(HAND_OVER_AT_PERIOD_END)) return;
    if (s.cancelAtPeriodEnd) {
      cancel(s, 'period_end');
      await ctx.sync(['subscription.canceled', 'entitlement.revoked']);
      return;
    }
    if (s.pendingPlan) {
      // A scheduled plan change starts a new anchor at the boundary: the new plan's periods count from here.
      s.anchor = s.currentPeriodEnd;
      s.plan = s.pendingPlan;
      s.pendingPlan = null;
      s.periodIndex = -1;
      await ctx.sync(['subscription.plan_changed']);
    }
  }
  await renew(ctx);
}

async function renew(ctx: PeriodContext) {
  const { s } = ctx;
  const next = s.periodIndex + 1;
  const invoiceId = renewalInvoiceId(s.subscriptionId, s.renewalsPaid + 1);
  const bounds = periodBounds(new Date(s.anchor ?? nowIso()), s.plan.period, next);
  const base = {
    subscriptionId: s.subscriptionId,
    userId: s.userId,
    invoiceId,
    amount: s.plan.amount,
    currency: s.plan.currency,
  };
  await records.createInvoice({
    ...base,
    id: invoiceId,
    kind: 'renewal',
    periodStart: bounds.start.toISOString(),
    periodEnd: bounds.end.toISOString(),
  });
  s.dunning ??= { invoiceId, attempts: 0, firstFailureAt: '', softDeclinesAt: [], hardDeclined: false };
  const d = s.dunning;
  const paid = async () => {
    s.status = 'active';
    s.pastDueSince = null;
    s.dunning = null;
    s.renewalsPaid += 1;
    enterPeriod(s, next);
    await ctx.sync(['subscription.renewed', 'payment.succeeded'], { id: invoiceId, status: 'paid' });
  };
  for (;;) {
    d.attempts += 1;
    s.chargeInFlight = invoiceId;
    const answer = await acquirer.chargeInvoice({ ...base, attempt: d.attempts });
    s.chargeInFlight = null;
    if (answer.outcome === 'succeeded') return paid();
    const at = nowIso();
    if (d.attempts === 1 || !d.firstFailureAt) d.firstFailureAt = at;
    if (answer.declineClass === 'hard') d.hardDeclined = true;
    else d.softDeclinesAt.push(at);
    const firstFailure = new Date(d.firstFailureAt);
    const deadline = dunningDeadline(firstFailure, s.plan.dunningScheduleSeconds);
    const retry = d.hardDeclined
      ? null
      : nextRetryAt({
          firstFailureAt: firstFailure,
          softDeclinesAt: d.softDeclinesAt.map((t) => new Date(t)),
          scheduleSeconds: s.plan.dunningScheduleSeconds,
          period: s.plan.period,
        });
    const wasActive = s.status === 'active';
    s.status = 'past_due';
    s.pastDueSince ??= at;
    s.nextChargeAt = retry?.toISOString() ?? null;
    await ctx.sync(wasActive ? ['payment.failed', 'subscription.past_due'] : ['payment.failed']);

    const outcome = await waitForRetryOrNewCard(ctx, invoiceId, retry, deadline);
    if (outcome === 'ended') return;
    if (outcome === 'paid_with_new_card') return paid();
    if (outcome === 'schedule_over') {
      const orderId = d.newCard?.orderId;
      // Patched in release 2: a paid new-card link wins over the schedule's end (its notification may be lost).
      if (orderId && patched(LOOK_UP_LINK_BEFORE_ENDING)) {
        const who = { subscriptionId: s.subscriptionId, userId: s.userId };
        const lookup = await acquirer.findInvoicePayment({ ...who, invoiceId });
        if (lookup.outcome === 'succeeded') return paid();
      }
      cancel(s, 'payment_failed');
      await ctx.sync(['subscription.canceled', 'entitlement.revoked'], { id: invoiceId, status: 'uncollectible' });
      if (orderId) await acquirer.cancelPaymentLink({ linkId: orderId });
      return;
    }
  }
}

/**
 * Past due: wait for the next scheduled retry, the end of the schedule, or the payer paying the invoice with a new
 * card. While a new-card link is open no automatic retry runs, so the invoice can never be paid twice.
 */
async function waitForRetryOrNewCard(ctx: PeriodContext, invoiceId: string, retry: Date | null, deadline: Date) {
  const d = ctx.s.dunning;
  // Only notifications that arrive while a new-card link is open concern this wait.
  let seen = ctx.facts.length;
  const cardPaymentArrived = () => d?.newCard != null && ctx.facts.length > seen;
  const cardVersion = ctx.s.paymentMethodVersion;
  for (;;) {
    const cardState = d?.newCard?.state;
    const wakeAt = retry && !cardState ? retry : deadline;
    await condition(
      () =>
        ctx.ended() ||
        cardPaymentArrived() ||
        d?.newCard?.state !== cardState ||
        ctx.s.paymentMethodVersion !== cardVersion ||
        ctx.retryRequested(),
      Math.max(wakeAt.getTime() - Date.now(), 0),
    );
    if (ctx.ended()) return 'ended' as const;
    // A card check saved a new card meanwhile: retry with it at once.
    if (ctx.s.paymentMethodVersion !== cardVersion && !d?.newCard) return 'retry' as const;
    if (ctx.takeRetryRequest() && !d?.newCard) return 'retry' as const;
    while (d?.newCard && seen < ctx.facts.length) {
      const fact = ctx.facts[seen++];
      if (!fact || fact.invoiceId !== invoiceId) continue;
      await records.recordNotifiedPayment({ subscriptionId: ctx.s.subscriptionId, userId: ctx.s.userId, fact });
      if (fact.outcome === 'succeeded') return 'paid_with_new_card' as const;
    }
    if (!d?.newCard) seen = ctx.facts.length;
    if (d?.newCard?.state !== cardState) continue;
    if (Date.now() >= wakeAt.getTime()) return wakeAt === deadline ? ('schedule_over' as const) : ('retry' as const);
  }
}
