// A past_due payer replaces the card: a payment link for the unpaid renewal; paying it pays the renewal and saves
// the card. At the schedule's end the link is looked up before anything ends: a paid one wins.
import type { Decision, DecisionContext } from './decision.js';
import { answerAll } from './decision.js';
import { dunningDeadlineIso } from './renewal.js';
import { newCardView, renewalPaid } from './renewal-outcomes.js';
import type { DunningState, SubscriptionState } from './state.js';

/** The new-card link is open: the payer pays the unpaid renewal there; retries wait meanwhile. */
export function onNewCardLink(s: SubscriptionState, link: { url: string; linkId: string }): Decision {
  const d = s.dunning as DunningState;
  const newCard = { ...d.newCard, state: 'open' as const, linkId: link.linkId, url: link.url, waiters: [] };
  const dunning = { ...d, newCard };
  const checkout = newCardView(dunning, 'awaiting_payment', dunningDeadlineIso(s, d));
  return {
    state: { ...s, nextChargeAt: null, dunning },
    persist: { events: [] },
    replies: answerAll(d.newCard?.waiters ?? [], { kind: 'checkout', checkout }),
  };
}

export function onNewCardLinkFailed(s: SubscriptionState, failure: { type: string; message: string }): Decision {
  const d = s.dunning as DunningState;
  return {
    state: { ...s, dunning: { ...d, newCard: null } },
    replies: answerAll(d.newCard?.waiters ?? [], { kind: 'failed', ...failure }),
  };
}

/** The schedule's end: was the new-card link paid after all? A paid one wins; otherwise the subscription ends. */
export function onNewCardLookup(s: SubscriptionState, found: boolean, ctx: DecisionContext): Decision {
  const d = s.dunning as DunningState;
  if (found) return renewalPaid(s, ctx);
  return { state: { ...s, dunning: { ...d, lookedUp: true } }, replies: [] };
}
