// A step starts and comes back: marking it in flight, then turning its outcome into a decision.
import {
  onCardCheckAuthorised,
  onCardCheckLink,
  onCardCheckLinkFailed,
  onCardCheckUnpaid,
  onHoldReleased,
  onHoldReleaseFailed,
} from './card-check.js';
import { onCheckoutAnswer, onCheckoutLink, onCheckoutLinkFailed, onCheckoutLookup } from './checkout.js';
import type { Decision, DecisionContext } from './decision.js';
import { withoutWrite } from './decision.js';
import {
  housekeepingSucceeded,
  onFactRecorded,
  onHousekeepingFailed,
  onLinkCancelled,
  onRefundStarted,
} from './housekeeping.js';
import { onNewCardLink, onNewCardLinkFailed, onNewCardLookup } from './new-card-link.js';
import { onRenewalAnswer } from './renewal-outcomes.js';
import type { SubscriptionState } from './state.js';
import type { Outcome, Step } from './steps.js';
import { onUpgradeAnswer } from './upgrade.js';

/** A charge is in flight from before its activity is scheduled: requests that would move money wait or are refused. */
export function beginStep(s: SubscriptionState, step: Step): SubscriptionState {
  if (step.kind !== 'charge') return s;
  if (step.purpose === 'upgrade' || !s.dunning) return { ...s, chargeInFlight: step.invoiceId };
  return {
    ...s,
    chargeInFlight: step.invoiceId,
    dunning: { ...s.dunning, attempts: step.attempt, nextAttemptAt: null },
  };
}

export function decideOutcome(s: SubscriptionState, step: Step, outcome: Outcome, ctx: DecisionContext): Decision {
  const failed = outcome.kind === 'failed' ? outcome : undefined;
  switch (step.kind) {
    case 'open_checkout':
      if (failed && s.checkout)
        return withoutWrite({ ...s, status: 'expired', checkout: { ...s.checkout, stage: 'done', failure: failed } });
      return withoutWrite(s.checkout ? { ...s, checkout: { ...s.checkout, stage: 'opened' } } : s);
    case 'create_link': {
      const link = outcome.kind === 'link' ? outcome : undefined;
      const failure = failed ?? { type: 'acquirer_unavailable', message: 'no payment page' };
      if (step.purpose === 'checkout') return link ? onCheckoutLink(s, link) : onCheckoutLinkFailed(s, failure.message);
      if (step.purpose === 'card_check') return link ? onCardCheckLink(s, link) : onCardCheckLinkFailed(s, failure);
      return link ? onNewCardLink(s, link) : onNewCardLinkFailed(s, failure);
    }
    case 'charge_cryptogram':
    case 'complete_authentication':
      return onCheckoutAnswer(s, outcome.kind === 'answer' ? outcome.answer : undefined, ctx);
    case 'charge': {
      const answer = outcome.kind === 'answer' ? outcome.answer : undefined;
      if (step.purpose === 'upgrade') return onUpgradeAnswer(s, answer, failed?.message);
      return onRenewalAnswer(s, answer ?? { outcome: 'unknown', paymentId: '' }, ctx);
    }
    case 'look_up': {
      if (failed) return onHousekeepingFailed(s, ctx);
      const settled = housekeepingSucceeded(s);
      const found = outcome.kind === 'found' ? outcome.providerTransactionId : undefined;
      if (step.purpose === 'checkout') return onCheckoutLookup(settled, found !== undefined, ctx);
      if (step.purpose === 'new_card') return onNewCardLookup(settled, found !== undefined, ctx);
      return found ? onCardCheckAuthorised(settled, found, ctx) : onCardCheckUnpaid(settled);
    }
    case 'cancel_link':
      return failed ? onHousekeepingFailed(s, ctx) : onLinkCancelled(s);
    case 'release_hold':
      return failed ? onHoldReleaseFailed(s, failed.message, ctx) : onHoldReleased(s);
    case 'record_fact':
      return onFactRecorded(s, ctx);
    case 'start_refund':
      return onRefundStarted(s);
  }
}
