// A request's turn has come: apply it to the state as it is now. Requests that need the acquirer (an upgrade's
// charge, a payment link) only record their intent here; the workflow performs it as its next step and answers then.
import { upgradeProrationAmount } from '../proration.js';
import { type Command, refusalOf } from './commands.js';
import type { Decision, DecisionContext } from './decision.js';
import { answerAll, reply, withoutWrite } from './decision.js';
import { currentPeriodInvoiceId, upgradeInvoiceId } from './ids.js';
import { canceled, iso, planChangeKind } from './lifecycle.js';
import { newCardRequested } from './new-card-request.js';
import type { SubscriptionState } from './state.js';

type Of<K extends Command['kind']> = Extract<Command, { kind: K }>;

/** Applies `command` (request number `id`) to `s`, refusing it if the state no longer allows it. */
export function decideCommand(s: SubscriptionState, command: Command, id: number, ctx: DecisionContext): Decision {
  const refusal = refusalOf(s, command);
  if (refusal) return withoutWrite(s, [reply(id, { kind: 'refused', refusal })]);
  switch (command.kind) {
    case 'cancel':
      return command.mode === 'at_period_end' ? cancelAtPeriodEnd(s, command, id) : cancelNow(s, command, id, ctx);
    case 'resume':
      return {
        state: { ...s, cancelAtPeriodEnd: false, nextChargeAt: s.currentPeriodEnd },
        persist: { events: [], audit: { actor: command.actor, reason: 'resume' } },
        replies: [reply(id, { kind: 'state' })],
      };
    case 'change_plan':
      return changePlan(s, command, id, ctx);
    case 'new_card':
      return newCardRequested(s, command, id, ctx);
    case 'retry_now': {
      const d = s.dunning;
      if (!d) return withoutWrite(s);
      const retryAudit = { actor: command.actor, reason: `retry now: ${command.reason}` };
      const dunning = { ...d, nextAttemptAt: iso(ctx.now), retryWaiters: [...d.retryWaiters, id], retryAudit };
      return withoutWrite({ ...s, dunning });
    }
    case 'complete_authentication': {
      const c = s.checkout;
      if (!c) return withoutWrite(s);
      const { kind: _, ...authentication } = command;
      const checkout = { ...c, stage: 'authenticating' as const, authentication };
      return withoutWrite({ ...s, checkout: { ...checkout, waiters: [...c.waiters, id] } });
    }
    case 'payment_fact': {
      const { fact } = command;
      const known = s.pendingFacts.some(
        (f) => f.providerTransactionId === fact.providerTransactionId && f.outcome === fact.outcome,
      );
      return withoutWrite(known ? s : { ...s, pendingFacts: [...s.pendingFacts, fact] });
    }
    case 'payment_refunded':
      // A full refund of the period being served ends the subscription; of an older period, it changes nothing.
      if ((s.status !== 'active' && s.status !== 'past_due') || command.invoiceId !== currentPeriodInvoiceId(s))
        return withoutWrite(s);
      return ended(s, 'refunded', ctx);
  }
}

function cancelAtPeriodEnd(s: SubscriptionState, command: Of<'cancel'>, id: number): Decision {
  return {
    state: { ...s, cancelAtPeriodEnd: true, nextChargeAt: null },
    persist: { events: [], audit: { actor: command.actor, reason: command.adminReason ?? 'cancel at_period_end' } },
    replies: [reply(id, { kind: 'state' })],
  };
}

function cancelNow(s: SubscriptionState, command: Of<'cancel'>, id: number, ctx: DecisionContext): Decision {
  const decision = ended(s, command.adminReason === undefined ? 'user' : 'admin', ctx);
  const audit = { actor: command.actor, reason: command.adminReason ?? 'cancel immediately' };
  const persist = { ...decision.persist, events: decision.persist?.events ?? [], audit };
  // Only an active subscription has unused paid time; past_due's last paid period is already over.
  const { currentPeriodStart: periodStart, currentPeriodEnd: periodEnd } = s;
  if (command.refund !== 'prorated' || s.status !== 'active' || !periodStart || !periodEnd) {
    return { ...decision, persist, replies: [...decision.replies, reply(id, { kind: 'state' })] };
  }
  // Answered once the refund has started (see refunds in the workflow).
  const refundToStart = {
    invoiceId: currentPeriodInvoiceId(s),
    periodStart,
    periodEnd,
    actor: command.actor,
    waiter: id,
  };
  return { ...decision, state: { ...decision.state, refundToStart }, persist };
}

/** Ends a live subscription now; its unpaid renewal is void and requests waiting on dropped work are refused. */
function ended(s: SubscriptionState, reason: 'user' | 'admin' | 'refunded', ctx: DecisionContext): Decision {
  const d = s.dunning;
  const gone = { kind: 'failed' as const, type: 'invalid_state', message: 'The subscription was canceled meanwhile' };
  const waiting = [
    ...(d?.retryWaiters ?? []),
    ...(d?.newCard?.waiters ?? []),
    ...(s.upgrade ? [s.upgrade.waiter] : []),
  ];
  return {
    state: canceled(s, reason, ctx.now),
    persist: {
      events: ['subscription.canceled', 'entitlement.revoked'],
      invoice: d ? { id: d.invoiceId, status: 'void' } : undefined,
    },
    replies: answerAll(waiting, gone),
  };
}

function changePlan(s: SubscriptionState, command: Of<'change_plan'>, id: number, ctx: DecisionContext): Decision {
  const { plan, actor } = command;
  const audit = { actor, reason: `change plan to ${plan.id}` };
  if (planChangeKind(s.plan, plan) === 'at_period_end') {
    return {
      state: { ...s, pendingPlan: plan },
      persist: { events: [], audit },
      replies: [reply(id, { kind: 'plan_changed', prorationInvoiceId: null })],
    };
  }
  const amount = upgradeProrationAmount(s.plan.amount, plan.amount, {
    periodStart: new Date(s.currentPeriodStart ?? iso(ctx.now)),
    periodEnd: new Date(s.currentPeriodEnd ?? iso(ctx.now)),
    at: new Date(ctx.now),
  });
  if (amount === 0) {
    return {
      state: { ...s, plan, pendingPlan: null },
      persist: { events: ['subscription.plan_changed'], audit },
      replies: [reply(id, { kind: 'plan_changed', prorationInvoiceId: null })],
    };
  }
  const upgrades = s.upgrades + 1;
  const invoiceId = upgradeInvoiceId(s.subscriptionId, upgrades);
  return withoutWrite({
    ...s,
    upgrades,
    upgrade: { plan, requestedAt: iso(ctx.now), invoiceId, amount, actor, waiter: id },
  });
}
