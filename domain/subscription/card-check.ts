// A new card while active: the payer authorises a small hold on the acquirer's page, which saves the card; the hold
// is voided at once, so verifying a card costs nothing. An unpaid check expires after being looked up; a void that
// keeps failing is retried later and finally left to lapse, and never holds up a renewal or continue-as-new.
import { CARD_CHECK_AMOUNT } from '../card-check.js';
import type { Decision, DecisionContext } from './decision.js';
import { answerAll, withoutWrite } from './decision.js';
import { isLive, iso } from './lifecycle.js';
import type { Checkout } from './messages.js';
import { type AreaPlan, perform, wakeAt } from './plan.js';
import { dunningOver } from './renewal.js';
import type { CardCheckState, SubscriptionState } from './state.js';

export const MAX_RELEASE_TRIES = 6;
const releaseBackoffMs = (tries: number) => Math.min(60_000 * 4 ** (tries - 1), 6 * 3_600_000);

export function cardCheckPlan(s: SubscriptionState, ctx: DecisionContext, lookupsAllowed: boolean): AreaPlan {
  const c = s.cardCheck;
  if (!c) return null;
  if (c.state === 'requested') {
    return perform({
      kind: 'create_link',
      purpose: 'card_check',
      invoiceId: c.invoiceId,
      amount: CARD_CHECK_AMOUNT,
      currency: s.plan.currency,
      description: `Movix ${s.plan.id}: card check (released at once)`,
      returnUrl: c.returnUrl ?? null,
      capture: false,
      invoice: { kind: 'card_check', periodStart: c.requestedAt ?? iso(ctx.now), periodEnd: c.expiresAt },
    });
  }
  if (c.state === 'authorised') {
    const at = c.retryAt ? Date.parse(c.retryAt) : ctx.now;
    if (ctx.now < at) return wakeAt(at);
    return perform({ kind: 'release_hold', invoiceId: c.invoiceId, providerTransactionId: c.holdTransactionId ?? '' });
  }
  // Open: settled when paid, at its deadline, or at once when the subscription ends or its dunning runs out.
  const expires = Date.parse(c.expiresAt);
  const early = !isLive(s) || dunningOver(s, ctx.now);
  if (ctx.now < expires && !early) return wakeAt(expires);
  return lookupsAllowed ? perform({ kind: 'look_up', purpose: 'card_check', invoiceId: c.invoiceId }) : null;
}

export const cardCheckView = (c: CardCheckState): Checkout => ({
  invoiceId: c.invoiceId,
  status: 'awaiting_payment',
  paymentUrl: c.url,
  expiresAt: c.expiresAt,
});

export function onCardCheckLink(s: SubscriptionState, link: { url: string; linkId: string }): Decision {
  const c = s.cardCheck as CardCheckState;
  const open: CardCheckState = { ...c, state: 'open', linkId: link.linkId, url: link.url, waiters: [] };
  return withoutWrite(
    { ...s, cardCheck: open },
    answerAll(c.waiters, { kind: 'checkout', checkout: cardCheckView(open) }),
  );
}

export function onCardCheckLinkFailed(s: SubscriptionState, failure: { type: string; message: string }): Decision {
  const c = s.cardCheck as CardCheckState;
  return {
    state: { ...s, cardCheck: null },
    persist: { events: [], invoice: { id: c.invoiceId, status: 'void' } },
    replies: answerAll(c.waiters, { kind: 'failed', ...failure }),
  };
}

/** The hold was authorised (notified or looked up): the card is saved now; the hold is voided next. */
export function onCardCheckAuthorised(s: SubscriptionState, holdTransactionId: string, ctx: DecisionContext): Decision {
  const c = s.cardCheck as CardCheckState;
  const d = s.dunning;
  // A past_due subscription tries the new card at once.
  const retryNow = s.status === 'past_due' && d !== null && d.newCard === null && !d.unsettled;
  return withoutWrite({
    ...s,
    cardCheck: { ...c, state: 'authorised', holdTransactionId },
    paymentMethodVersion: s.paymentMethodVersion + 1,
    dunning: retryNow && d ? { ...d, nextAttemptAt: iso(ctx.now) } : d,
  });
}

/** Not paid by its deadline (or the subscription no longer needs it): the link is cancelled, the invoice void. */
export function onCardCheckUnpaid(s: SubscriptionState): Decision {
  const c = s.cardCheck as CardCheckState;
  const links = c.linkId ? [...s.linksToCancel, c.linkId] : s.linksToCancel;
  return { state: { ...s, cardCheck: null, linksToCancel: links }, persist: closed(c), replies: [] };
}

export function onHoldReleased(s: SubscriptionState): Decision {
  return { state: { ...s, cardCheck: null }, persist: closed(s.cardCheck as CardCheckState), replies: [] };
}

export function onHoldReleaseFailed(s: SubscriptionState, message: string, ctx: DecisionContext): Decision {
  const c = s.cardCheck as CardCheckState;
  const tries = (c.releaseTries ?? 0) + 1;
  if (tries < MAX_RELEASE_TRIES) {
    const retryAt = iso(ctx.now + releaseBackoffMs(tries));
    return withoutWrite({ ...s, cardCheck: { ...c, releaseTries: tries, retryAt } });
  }
  const reason = `card check hold ${c.holdTransactionId} could not be voided after ${tries} tries (${message}); it lapses at the issuer`;
  const persist = { ...closed(c), audit: { actor: 'system:subscription-workflow', reason } };
  return { state: { ...s, cardCheck: null }, persist, replies: [] };
}

const closed = (c: CardCheckState) => ({ events: [], invoice: { id: c.invoiceId, status: 'void' as const } });
