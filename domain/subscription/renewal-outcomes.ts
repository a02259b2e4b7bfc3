// A renewal's attempt came back: paid (the next period starts), declined (past_due with dunning), or unknown (the
// same attempt is tried again later, looked up first). The end of an unpaid schedule, and what the payer sees.
import { nextRetryAt } from '../dunning.js';
import type { ChargeAnswer } from './charge-answer.js';
import type { Decision, DecisionContext } from './decision.js';
import { answerAll } from './decision.js';
import { canceled, enterPeriod, iso } from './lifecycle.js';
import type { AuditNote, Checkout } from './messages.js';
import type { DunningState, SubscriptionState } from './state.js';

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

const UNSETTLED_RETRY_MS = 10 * 60_000;

/** The attempt's outcome is not known: keep it in flight and try the same attempt (lookup first) later. */
function unsettled(s: SubscriptionState, ctx: DecisionContext): Decision {
  const d = s.dunning as DunningState;
  const dunning = { ...d, unsettled: true, nextAttemptAt: iso(ctx.now + UNSETTLED_RETRY_MS) };
  return { state: { ...s, dunning }, replies: [] };
}

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
  const links = d.newCard?.linkId ? [d.newCard.linkId] : [];
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
