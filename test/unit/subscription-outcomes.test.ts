// What each step's outcome makes of a subscription: a renewal paid, declined or unknown, a hold that cannot be
// voided, a checkout whose payment page cannot be made.
import { describe, expect, it } from 'vitest';
import { MAX_RELEASE_TRIES } from '../../domain/subscription/card-check.js';
import type { Decision } from '../../domain/subscription/decision.js';
import { iso } from '../../domain/subscription/lifecycle.js';
import { nextAction } from '../../domain/subscription/next-action.js';
import { beginStep, decideOutcome } from '../../domain/subscription/outcomes.js';
import type { DunningState, SubscriptionState } from '../../domain/subscription/state.js';
import type { Outcome, Step } from '../../domain/subscription/steps.js';
import { active, check, dunning, END, renewing } from '../support/renewal-states.js';
import { ctxAt, DAY, monthly, pendingState, T0 } from '../support/subscription-states.js';

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
