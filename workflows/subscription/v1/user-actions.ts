// Requests a user (or operator) makes of a live subscription, as Temporal updates: validators reject what the
// current state does not allow, so nothing invalid enters history and the API can answer 409 at once.
import { ApplicationFailure, setHandler } from '@temporalio/workflow';
import { upgradeProrationAmount } from '../../../domain/proration.js';
import { cancelSubscriptionUpdate, changePlanUpdate, resumeSubscriptionUpdate } from '../messages.js';
import { acquirer, records } from './activity-proxies.js';
import { rejectUnless } from './invalid-state.js';
import { refundUnusedPeriod } from './refunds.js';
import { registerRetryNow } from './retry-now.js';
import { cancel, currentPeriodInvoiceId, nowIso, planChangeKind, prorationInvoiceId } from './state.js';
import type { AuditNote, SubscriptionState } from './types.js';

export interface UserActionContext {
  s: SubscriptionState;
  sync(
    events: string[],
    invoice?: { id: string; status: 'paid' | 'void' | 'uncollectible' },
    audit?: AuditNote,
  ): Promise<void>;
  endNow(): void;
  requestRetry(): void;
}

export function registerUserActions({ s, sync, endNow, requestRetry }: UserActionContext) {
  registerRetryNow(s, requestRetry, sync);
  setHandler(
    cancelSubscriptionUpdate,
    async ({ mode, refund, actor, adminReason }) => {
      const audit = { actor, reason: adminReason ?? `cancel ${mode}` };
      if (mode === 'at_period_end') {
        s.cancelAtPeriodEnd = true;
        s.nextChargeAt = null;
        await sync([], undefined, audit);
        return s;
      }
      const openInvoice = s.dunning?.invoiceId;
      // Only an active subscription has unused paid time; past_due's last paid period is already over.
      const paidPeriod =
        refund === 'prorated' && s.status === 'active' && s.currentPeriodStart && s.currentPeriodEnd
          ? { invoiceId: currentPeriodInvoiceId(s), periodStart: s.currentPeriodStart, periodEnd: s.currentPeriodEnd }
          : null;
      cancel(s, adminReason === undefined ? 'user' : 'admin');
      endNow();
      await sync(
        ['subscription.canceled', 'entitlement.revoked'],
        openInvoice ? { id: openInvoice, status: 'void' } : undefined,
        audit,
      );
      if (paidPeriod) await refundUnusedPeriod(paidPeriod, actor);
      return s;
    },
    {
      validator: ({ mode }) => {
        const allowed =
          mode === 'at_period_end'
            ? s.status === 'active' && !s.cancelAtPeriodEnd
            : s.status === 'active' || s.status === 'past_due';
        rejectUnless(
          allowed && !s.chargeInFlight,
          `cancel (${mode})`,
          s,
          mode === 'at_period_end' ? ['active'] : ['active', 'past_due'],
        );
      },
    },
  );

  setHandler(
    resumeSubscriptionUpdate,
    async ({ actor }) => {
      s.cancelAtPeriodEnd = false;
      s.nextChargeAt = s.currentPeriodEnd;
      await sync([], undefined, { actor, reason: 'resume' });
      return s;
    },
    {
      validator: (_input) =>
        rejectUnless(s.status === 'active' && s.cancelAtPeriodEnd, 'resume', s, ['active with cancelAtPeriodEnd']),
    },
  );

  setHandler(
    changePlanUpdate,
    async ({ plan, actor }) => {
      const audit = { actor, reason: `change plan to ${plan.id}` };
      if (planChangeKind(s.plan, plan) === 'at_period_end') {
        s.pendingPlan = plan;
        await sync([], undefined, audit);
        return { state: s, prorationInvoiceId: null };
      }
      const invoiceId = prorationInvoiceId(s.subscriptionId, s.renewalsPaid, plan.id);
      const amount = upgradeProrationAmount(s.plan.amount, plan.amount, {
        periodStart: new Date(s.currentPeriodStart ?? nowIso()),
        periodEnd: new Date(s.currentPeriodEnd ?? nowIso()),
        at: new Date(Date.now()),
      });
      const base = { subscriptionId: s.subscriptionId, userId: s.userId, invoiceId, amount, currency: plan.currency };
      await records.createInvoice({
        ...base,
        id: invoiceId,
        kind: 'proration',
        periodStart: nowIso(),
        periodEnd: s.currentPeriodEnd ?? nowIso(),
      });
      if (amount > 0) {
        s.chargeInFlight = invoiceId;
        const answer = await acquirer.chargeInvoice({ ...base, attempt: 1 }).finally(() => {
          s.chargeInFlight = null;
        });
        if (answer.outcome !== 'succeeded') {
          await records.settleInvoice({ id: invoiceId, status: 'void' });
          throw ApplicationFailure.create({
            type: 'payment_declined',
            message: `The proration charge was declined: ${answer.declineReason ?? 'declined'}`,
            details: [{ invoiceId, declineCode: answer.declineCode, declineReason: answer.declineReason }],
            nonRetryable: true,
          });
        }
      }
      s.plan = plan;
      s.pendingPlan = null;
      await sync(
        amount > 0 ? ['subscription.plan_changed', 'payment.succeeded'] : ['subscription.plan_changed'],
        { id: invoiceId, status: 'paid' },
        audit,
      );
      return { state: s, prorationInvoiceId: invoiceId };
    },
    {
      validator: ({ plan }) => {
        rejectUnless(s.status === 'active' && !s.chargeInFlight && !s.cancelAtPeriodEnd, 'change plan', s, ['active']);
        if (plan.id === s.plan.id || plan.currency !== s.plan.currency) {
          throw ApplicationFailure.create({
            type: 'plan_change_not_allowed',
            message:
              plan.id === s.plan.id
                ? 'The subscription is already on this plan'
                : 'Plans in another currency cannot be switched to',
            nonRetryable: true,
          });
        }
      },
    },
  );
}
