// What a subscription does next in each state, and what each step's outcome makes of it.
import { describe, expect, it } from 'vitest';
import { MAX_RELEASE_TRIES } from '../../domain/subscription/card-check.js';
import type { Decision } from '../../domain/subscription/decision.js';
import { iso } from '../../domain/subscription/lifecycle.js';
import { nextAction } from '../../domain/subscription/next-action.js';
import { beginStep, decideOutcome } from '../../domain/subscription/outcomes.js';
import { periodEnded } from '../../domain/subscription/renewal.js';
import type { CardCheckState, DunningState, SubscriptionState } from '../../domain/subscription/state.js';
import type { Outcome, Step } from '../../domain/subscription/steps.js';
import { activeState, basic, ctxAt, DAY, monthly, pendingState, T0 } from '../support/subscription-states.js';

const active = activeState();
const END = Date.parse(active.currentPeriodEnd ?? '');
const renewing = periodEnded(active, ctxAt(END)).state;
const dunning = renewing.dunning as DunningState;
const pastDue = (d: Partial<DunningState>): SubscriptionState => ({
  ...renewing,
  status: 'past_due',
  dunning: { ...dunning, attempts: 1, firstFailureAt: iso(END), softDeclinesAt: [iso(END)], nextAttemptAt: null, ...d },
});
const LAST_RETRY = END + 5 * DAY;
const check = (c: Partial<CardCheckState>): CardCheckState => ({
  invoiceId: 'inv_sub_1_card_1',
  state: 'open',
  orderId: 'ord_1',
  url: 'https://pay/1',
  expiresAt: iso(T0 + DAY),
  waiters: [],
  ...c,
});

const summary = (s: SubscriptionState, now: number) => {
  const a = nextAction(s, ctxAt(now));
  if (a.kind === 'wait') return { wait: a.until === null ? null : iso(a.until) };
  if (a.kind === 'decide') return { decide: a.decision.state.status };
  const step = a.step;
  return { perform: step.kind, ...('purpose' in step ? { purpose: step.purpose } : {}) };
};

describe('nextAction', () => {
  it.each<[string, SubscriptionState, number, object]>([
    ['active: waits for the period end', active, T0, { wait: active.currentPeriodEnd }],
    ['active at the period end: opens the renewal', active, END, { decide: 'active' }],
    [
      'cancel at period end: ends then, no renewal',
      { ...active, cancelAtPeriodEnd: true },
      END,
      { decide: 'canceled' },
    ],
    ['renewal opened: charges attempt 1 at once', renewing, END, { perform: 'charge', purpose: 'renewal' }],
    [
      'past_due: waits for the scheduled retry',
      pastDue({ nextAttemptAt: iso(END + DAY) }),
      END,
      { wait: iso(END + DAY) },
    ],
    [
      'past_due, retry due: charges',
      pastDue({ nextAttemptAt: iso(END + DAY) }),
      END + DAY,
      { perform: 'charge', purpose: 'renewal' },
    ],
    [
      'new card asked: makes the link',
      pastDue({ newCard: { state: 'requested', waiters: [1] } }),
      END,
      { perform: 'create_link', purpose: 'new_card' },
    ],
    [
      'new-card link open: no retry, waits for the schedule end',
      pastDue({ newCard: { state: 'open', orderId: 'o', waiters: [] }, nextAttemptAt: iso(END + DAY) }),
      END + DAY,
      { wait: iso(LAST_RETRY) },
    ],
    [
      'schedule over with a link open: looks it up first',
      pastDue({ newCard: { state: 'open', orderId: 'o', waiters: [] } }),
      LAST_RETRY,
      { perform: 'look_up', purpose: 'new_card' },
    ],
    [
      'schedule over, link looked up unpaid: ends unpaid',
      pastDue({ newCard: { state: 'open', orderId: 'o', waiters: [] }, lookedUp: true }),
      LAST_RETRY,
      { decide: 'canceled' },
    ],
    [
      'schedule over with a card check open: looks the check up first',
      { ...pastDue({}), cardCheck: check({ expiresAt: iso(LAST_RETRY + DAY) }) },
      LAST_RETRY,
      { perform: 'look_up', purpose: 'card_check' },
    ],
    ['schedule over, nothing open: ends unpaid', pastDue({}), LAST_RETRY, { decide: 'canceled' }],
    [
      'a notification waits: recorded first',
      { ...active, pendingFacts: [{ invoiceId: 'x', outcome: 'succeeded', providerTransactionId: 't' }] },
      T0,
      { perform: 'record_fact' },
    ],
    [
      'an upgrade goes before the renewal',
      { ...active, upgrade: { plan: basic, requestedAt: iso(T0), invoiceId: 'u', amount: 5, actor: 'u', waiter: 1 } },
      END,
      { perform: 'charge', purpose: 'upgrade' },
    ],
    ['a new checkout: opens its records', pendingState(), T0, { perform: 'open_checkout' }],
    [
      'checkout by link: makes the payment page',
      {
        ...pendingState(),
        checkout: { ...(pendingState().checkout as NonNullable<SubscriptionState['checkout']>), stage: 'opened' },
      },
      T0,
      { perform: 'create_link', purpose: 'checkout' },
    ],
    [
      'checkout by cryptogram: charges it',
      {
        ...pendingState('card_cryptogram'),
        checkout: {
          ...(pendingState('card_cryptogram').checkout as NonNullable<SubscriptionState['checkout']>),
          stage: 'opened',
        },
      },
      T0,
      { perform: 'charge_cryptogram' },
    ],
    [
      'ended with a card check open: looked up at once',
      { ...active, status: 'canceled', cardCheck: check({}) },
      T0,
      { perform: 'look_up', purpose: 'card_check' },
    ],
    [
      'ended with a link to cancel: cancels it',
      { ...active, status: 'canceled', linksToCancel: ['ord_9'] },
      T0,
      { perform: 'cancel_link' },
    ],
    [
      'the acquirer failed lately: lookups wait for the backoff',
      { ...active, status: 'canceled', linksToCancel: ['o'], housekeeping: { failures: 1, retryAt: iso(T0 + 60_000) } },
      T0,
      { wait: iso(T0 + 60_000) },
    ],
    ['ended, nothing open: nothing to do', { ...active, status: 'canceled' }, T0, { wait: null }],
  ])('%s', (_title, state, now, expected) => {
    expect(summary(state, now)).toEqual(expected);
  });

  it('a scheduled plan switch renews at the new plan, from a new anchor at the boundary', () => {
    const s = periodEnded({ ...active, pendingPlan: basic }, ctxAt(END)).state;
    expect(s.plan).toEqual(basic);
    expect(s.dunning).toMatchObject({ amount: basic.amount, planId: basic.id, periodStart: iso(END) });
  });
});

describe('decideOutcome', () => {
  const charge = (s: SubscriptionState): Step => {
    const a = nextAction(s, ctxAt(END));
    if (a.kind !== 'perform') throw new Error('expected a step');
    return a.step;
  };
  const settle = (s: SubscriptionState, outcome: Outcome, now = END): Decision => {
    const step = charge(s);
    return decideOutcome(beginStep(s, step), step, outcome, ctxAt(now));
  };
  const declined = (declineClass: 'soft' | 'hard'): Outcome => ({
    kind: 'answer',
    answer: { outcome: 'declined', paymentId: 'p', declineClass },
  });

  it('a paid renewal enters the next period from the anchor and persists renewed + payment.succeeded', () => {
    const d = settle(renewing, { kind: 'answer', answer: { outcome: 'succeeded', paymentId: 'p' } });
    expect(d.state).toMatchObject({
      status: 'active',
      renewalsPaid: 1,
      periodIndex: 1,
      dunning: null,
      chargeInFlight: null,
    });
    expect(d.persist).toMatchObject({
      events: ['subscription.renewed', 'payment.succeeded'],
      invoice: { id: dunning.invoiceId, status: 'paid' },
    });
  });
  it('a soft decline: past_due, the first retry a day later, access kept', () => {
    const d = settle(renewing, declined('soft'));
    expect(d.state).toMatchObject({ status: 'past_due', nextChargeAt: iso(END + DAY), chargeInFlight: null });
    expect(d.persist?.events).toEqual(['payment.failed', 'subscription.past_due']);
  });
  it('a hard decline: no automatic retry', () => {
    expect(settle(renewing, declined('hard')).state).toMatchObject({ status: 'past_due', nextChargeAt: null });
  });
  it('no answer (the charge activity gave up): the same attempt stays in flight and is tried again later', () => {
    const d = settle(renewing, { kind: 'failed', type: 'payment_attempt_conflict', message: 'x' });
    expect(d.state.chargeInFlight).toBe(dunning.invoiceId);
    expect(d.state.dunning).toMatchObject({ unsettled: true, attempts: 1 });
    expect(
      charge({ ...d.state, dunning: { ...(d.state.dunning as DunningState), nextAttemptAt: iso(END) } }),
    ).toMatchObject({ attempt: 1 });
  });
  it('a hold that cannot be voided is tried again later, then left to lapse with an audit note', () => {
    const s: SubscriptionState = { ...active, cardCheck: check({ state: 'authorised', holdTransactionId: 'tx' }) };
    const step: Step = { kind: 'release_hold', invoiceId: 'inv_sub_1_card_1', providerTransactionId: 'tx' };
    const failed: Outcome = { kind: 'failed', type: 'x', message: 'refused' };
    const once = decideOutcome(s, step, failed, ctxAt(T0));
    expect(once.state.cardCheck).toMatchObject({ releaseTries: 1, retryAt: iso(T0 + 60_000) });
    const last = { ...s, cardCheck: check({ state: 'authorised', releaseTries: MAX_RELEASE_TRIES - 1 }) };
    const given = decideOutcome(last, step, failed, ctxAt(T0));
    expect(given.state.cardCheck).toBeNull();
    expect(given.persist?.audit?.reason).toMatch(/could not be voided/);
  });
  it('a checkout whose payment page cannot be made ends expired, answered with the reason', () => {
    const s = {
      ...pendingState(),
      checkout: {
        ...(pendingState().checkout as NonNullable<SubscriptionState['checkout']>),
        stage: 'opened' as const,
      },
    };
    const step = charge(s);
    const d = decideOutcome(s, step, { kind: 'failed', type: 'acquirer_unavailable', message: 'down' }, ctxAt(T0));
    expect(d.state.status).toBe('expired');
    expect(d.state.checkout?.view).toMatchObject({ status: 'declined', declineReason: expect.stringMatching(/down/) });
    expect(d.persist).toMatchObject({ events: ['subscription.expired'], invoice: { status: 'void' } });
  });
  it('the plan is the one charged: a renewal opened under `monthly` bills its price', () => {
    expect(charge(renewing)).toMatchObject({ amount: monthly.amount, invoiceId: dunning.invoiceId, attempt: 1 });
  });
});
