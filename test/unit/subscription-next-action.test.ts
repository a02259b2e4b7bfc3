// What a subscription does next in each state (see subscription-outcomes.test.ts for what each step's outcome does).
import { describe, expect, it } from 'vitest';
import { iso } from '../../domain/subscription/lifecycle.js';
import { nextAction } from '../../domain/subscription/next-action.js';
import { periodEnded } from '../../domain/subscription/renewal.js';
import type { SubscriptionState } from '../../domain/subscription/state.js';
import { active, check, END, LAST_RETRY, pastDue, renewing } from '../support/renewal-states.js';
import { basic, ctxAt, DAY, pendingState, T0 } from '../support/subscription-states.js';

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
      pastDue({ newCard: { state: 'open', linkId: 'o', waiters: [] }, nextAttemptAt: iso(END + DAY) }),
      END + DAY,
      { wait: iso(LAST_RETRY) },
    ],
    [
      'schedule over with a link open: looks it up first',
      pastDue({ newCard: { state: 'open', linkId: 'o', waiters: [] } }),
      LAST_RETRY,
      { perform: 'look_up', purpose: 'new_card' },
    ],
    [
      'schedule over, link looked up unpaid: ends unpaid',
      pastDue({ newCard: { state: 'open', linkId: 'o', waiters: [] }, lookedUp: true }),
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
