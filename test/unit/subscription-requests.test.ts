// Which requests a subscription takes in which state, in which order queued ones go, and what each does.
import { describe, expect, it } from 'vitest';
import { type Command, nextCommandIndex, refusalOf } from '../../domain/subscription/commands.js';
import { decideCommand } from '../../domain/subscription/decide-command.js';
import { upgradeInvoiceId } from '../../domain/subscription/ids.js';
import type { SubscriptionState } from '../../domain/subscription/state.js';
import { activeState, basic, ctxAt, DAY, monthly, pendingState, premium, T0 } from '../support/subscription-states.js';

const cancelNow: Command = { kind: 'cancel', mode: 'immediately', actor: 'u' };
const cancelAtEnd: Command = { kind: 'cancel', mode: 'at_period_end', actor: 'u' };
const resume: Command = { kind: 'resume', actor: 'u' };
const upgrade: Command = { kind: 'change_plan', plan: premium, actor: 'u' };
const newCard: Command = { kind: 'new_card', returnUrl: null, actor: 'u' };
const retryNow: Command = { kind: 'retry_now', actor: 'a', reason: 'r' };
const fact: Command = {
  kind: 'payment_fact',
  fact: { invoiceId: 'i', outcome: 'succeeded', providerTransactionId: 't' },
};

const active = activeState();
const charging: SubscriptionState = { ...active, chargeInFlight: 'inv_sub_1_1' };
const endingAtPeriodEnd: SubscriptionState = { ...active, cancelAtPeriodEnd: true };
const pastDue: SubscriptionState = {
  ...active,
  status: 'past_due',
  dunning: {
    invoiceId: 'inv_sub_1_1',
    amount: monthly.amount,
    currency: 'RUB',
    planId: monthly.id,
    periodStart: active.currentPeriodEnd ?? '',
    periodEnd: '2026-03-31T10:00:00.000Z',
    attempts: 1,
    firstFailureAt: active.currentPeriodEnd ?? '',
    softDeclinesAt: [active.currentPeriodEnd ?? ''],
    hardDeclined: false,
    nextAttemptAt: null,
    lookedUp: false,
    retryWaiters: [],
    newCard: null,
  },
};
const canceled: SubscriptionState = { ...active, status: 'canceled', cancelReason: 'user' };

describe('refusalOf: what each state takes (validators and the turn of each request)', () => {
  it.each<[string, SubscriptionState, Command, string | undefined]>([
    ['active takes an immediate cancel', active, cancelNow, undefined],
    ['active takes a cancel at period end', active, cancelAtEnd, undefined],
    ['no cancel while a charge is being settled', charging, cancelNow, 'invalid_state'],
    ['no second cancel at period end', endingAtPeriodEnd, cancelAtEnd, 'invalid_state'],
    ['resume only while a cancel at period end waits', active, resume, 'invalid_state'],
    ['resume withdraws a cancel at period end', endingAtPeriodEnd, resume, undefined],
    ['an upgrade while active', active, upgrade, undefined],
    ['no plan change while a charge is being settled', charging, upgrade, 'invalid_state'],
    ['no plan change once a cancel at period end is accepted', endingAtPeriodEnd, upgrade, 'invalid_state'],
    ['no plan change while past_due', pastDue, upgrade, 'invalid_state'],
    ['the same plan is not a change', active, { ...upgrade, plan: monthly }, 'plan_change_not_allowed'],
    [
      'another currency is not a change',
      active,
      { ...upgrade, plan: { ...premium, currency: 'USD' } },
      'plan_change_not_allowed',
    ],
    ['a new card while active (a card check)', active, newCard, undefined],
    ['a new card while past_due (a link for the renewal)', pastDue, newCard, undefined],
    ['no new card while a charge is being settled', charging, newCard, 'invalid_state'],
    ['retry now only while past_due', active, retryNow, 'invalid_state'],
    ['retry now while past_due', pastDue, retryNow, undefined],
    [
      'no retry now while the payer has a new-card link',
      {
        ...pastDue,
        dunning: {
          ...(pastDue.dunning as NonNullable<SubscriptionState['dunning']>),
          newCard: { state: 'open', waiters: [] },
        },
      },
      retryNow,
      'invalid_state',
    ],
    ['an ended subscription takes no cancel', canceled, cancelNow, 'invalid_state'],
    ['a pending checkout takes no cancel', pendingState(), cancelNow, 'invalid_state'],
    ['notifications are never refused', canceled, fact, undefined],
  ])('%s', (_title, state, command, refused) => {
    expect(refusalOf(state, command)?.type).toBe(refused);
  });
});

describe('nextCommandIndex: the order queued requests are applied in', () => {
  it.each<[string, Command[], number | undefined]>([
    ['nothing queued', [], undefined],
    ['arrival order', [resume, cancelNow], 0],
    ['a cancel goes before a money request queued ahead of it', [upgrade, newCard, cancelNow], 2],
    ['…but not before a notification: what the acquirer did happened first', [fact, upgrade, cancelNow], 0],
    ['a money request with no cancel behind it keeps its turn', [retryNow, resume], 0],
  ])('%s', (_title, queue, expected) => {
    expect(nextCommandIndex(queue)).toBe(expected);
  });
});

describe('decideCommand: what an accepted request does at its turn', () => {
  const at = ctxAt(T0 + 10 * DAY);
  it('cancel immediately ends it now, voids an unpaid renewal, revokes the role, answers once persisted', () => {
    const d = decideCommand(pastDue, cancelNow, 7, at);
    expect(d.state).toMatchObject({ status: 'canceled', cancelReason: 'user', dunning: null, nextChargeAt: null });
    expect(d.persist).toMatchObject({
      events: ['subscription.canceled', 'entitlement.revoked'],
      invoice: { id: 'inv_sub_1_1', status: 'void' },
    });
    expect(d.replies).toEqual([{ to: 7, result: { kind: 'state' } }]);
  });
  it('an operator cancel is `admin`, with the operator and the reason in the audit', () => {
    const d = decideCommand(active, { ...cancelNow, actor: 'op', adminReason: 'fraud' }, 1, at);
    expect(d.state.cancelReason).toBe('admin');
    expect(d.persist?.audit).toEqual({ actor: 'op', reason: 'fraud' });
  });
  it('cancel with a prorated refund answers only once the refund is started', () => {
    const d = decideCommand(active, { ...cancelNow, refund: 'prorated' }, 3, at);
    expect(d.state.refundToStart).toMatchObject({ invoiceId: 'inv_sub_1_0', waiter: 3 });
    expect(d.replies).toEqual([]);
  });
  it('an upgrade records its intent on a fresh invoice each time (a declined one can be tried again)', () => {
    const first = decideCommand(active, upgrade, 1, at);
    expect(first.state.upgrade).toMatchObject({ plan: premium, invoiceId: upgradeInvoiceId('sub_1', 1), waiter: 1 });
    expect(first.state.upgrade?.amount).toBeGreaterThan(0);
    const again = decideCommand({ ...first.state, upgrade: null }, upgrade, 2, at);
    expect(again.state.upgrade?.invoiceId).toBe(upgradeInvoiceId('sub_1', 2));
  });
  it('a downgrade waits for the period end and answers at once', () => {
    const d = decideCommand(active, { ...upgrade, plan: basic }, 1, at);
    expect(d.state).toMatchObject({ pendingPlan: basic, plan: monthly });
    expect(d.replies).toEqual([{ to: 1, result: { kind: 'plan_changed', prorationInvoiceId: null } }]);
  });
  it('two new-card requests while active share one card check', () => {
    const first = decideCommand(active, newCard, 1, at);
    const second = decideCommand(first.state, newCard, 2, at);
    expect(second.state.cardCheck).toMatchObject({ state: 'requested', waiters: [1, 2] });
    expect(second.state.cardChecks).toBe(1);
  });
  it('a full refund of the period being served ends it (`refunded`); of an older period, nothing', () => {
    const refunded = (invoiceId: string): Command => ({ kind: 'payment_refunded', invoiceId, refundId: 'r' });
    expect(decideCommand(active, refunded('inv_sub_1_0'), 1, at).state.cancelReason).toBe('refunded');
    expect(decideCommand({ ...active, renewalsPaid: 1 }, refunded('inv_sub_1_0'), 1, at).state.status).toBe('active');
  });
  it('a request the state no longer allows at its turn is refused then, not dropped', () => {
    const d = decideCommand(canceled, cancelNow, 4, at);
    expect(d.replies[0]).toMatchObject({ to: 4, result: { kind: 'refused', refusal: { type: 'invalid_state' } } });
    expect(d.state).toBe(canceled);
  });
});
