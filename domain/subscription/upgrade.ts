// An upgrade applies once its proration (the price difference for the rest of the period) is paid by the saved
// card; a decline leaves the plan as it was, and the upgrade can be tried again on a fresh invoice.
import type { ChargeAnswer } from './charge-answer.js';
import type { Decision } from './decision.js';
import { reply } from './decision.js';
import { type AreaPlan, perform } from './plan.js';
import type { SubscriptionState, UpgradeProgress } from './state.js';

export function upgradePlan(s: SubscriptionState): AreaPlan {
  const u = s.upgrade;
  if (!u || s.chargeInFlight !== null || s.status !== 'active') return null;
  const invoice = {
    kind: 'proration' as const,
    periodStart: u.requestedAt,
    periodEnd: s.currentPeriodEnd ?? u.requestedAt,
    planId: u.plan.id,
  };
  return perform({
    kind: 'charge',
    purpose: 'upgrade',
    invoiceId: u.invoiceId,
    attempt: 1,
    amount: u.amount,
    currency: u.plan.currency,
    invoice,
  });
}

/** The proration charge's answer; undefined when the charge could not be made (nothing was sent). */
export function onUpgradeAnswer(s: SubscriptionState, answer: ChargeAnswer | undefined, failure?: string): Decision {
  const u = s.upgrade as UpgradeProgress;
  const settled = { ...s, upgrade: null, chargeInFlight: null };
  if (answer?.outcome === 'succeeded') {
    return {
      state: { ...settled, plan: u.plan, pendingPlan: null },
      persist: {
        events: ['subscription.plan_changed', 'payment.succeeded'],
        invoice: { id: u.invoiceId, status: 'paid' },
        audit: { actor: u.actor, reason: `change plan to ${u.plan.id}` },
      },
      replies: [reply(u.waiter, { kind: 'plan_changed', prorationInvoiceId: u.invoiceId })],
    };
  }
  const declineReason = answer?.declineReason ?? failure ?? 'declined';
  return {
    state: settled,
    persist: { events: [], invoice: { id: u.invoiceId, status: 'void' } },
    replies: [
      reply(u.waiter, {
        kind: 'failed',
        type: 'payment_declined',
        message: `The proration charge was declined: ${declineReason}`,
        details: { invoiceId: u.invoiceId, declineCode: answer?.declineCode, declineReason },
      }),
    ],
  };
}
