// Checkout: the subscription row and initial invoice, then the payment by link or cryptogram (+3-D Secure), ending
// `active` or `expired`. Before giving up, the acquirer is asked whether the invoice was paid after all.

import type { ChargeAnswer } from './charge-answer.js';
import type { Decision, DecisionContext } from './decision.js';
import { answerAll, withoutWrite } from './decision.js';
import { activate } from './lifecycle.js';
import type { Checkout } from './messages.js';
import { payerActionOf } from './payer-action.js';
import { type AreaPlan, decide, perform, wakeAt } from './plan.js';
import type { CheckoutProgress, SubscriptionState } from './state.js';

export function checkoutPlan(s: SubscriptionState, ctx: DecisionContext, lookupsAllowed: boolean): AreaPlan {
  const c = s.checkout;
  if (!c || c.stage === 'done' || s.status !== 'pending_payment') return null;
  const money = { invoiceId: c.invoiceId, amount: s.plan.amount, currency: s.plan.currency };
  switch (c.stage) {
    case 'new':
      return perform({ kind: 'open_checkout', invoiceId: c.invoiceId, expiresAt: c.expiresAt, returnUrl: c.returnUrl });
    case 'opened':
      if (c.method === 'card_cryptogram')
        return perform({ kind: 'charge_cryptogram', ...money, ipAddress: c.ipAddress ?? '' });
      return perform({
        kind: 'create_link',
        purpose: 'checkout',
        ...money,
        description: `Movix ${s.plan.id}`,
        returnUrl: c.returnUrl,
        capture: true,
      });
    case 'authenticating': {
      const auth = c.authentication ?? { providerTransactionId: '', continuation: {} };
      return perform({ kind: 'complete_authentication', invoiceId: c.invoiceId, ...auth });
    }
    case 'settling':
      return lookupsAllowed ? perform({ kind: 'look_up', purpose: 'checkout', invoiceId: c.invoiceId }) : null;
    case 'awaiting_payment':
    case 'requires_action': {
      const deadline = Date.parse(c.expiresAt);
      if (ctx.now < deadline) return wakeAt(deadline);
      return decide(withoutWrite({ ...s, checkout: { ...c, stage: 'settling' } }));
    }
  }
}

/** The acquirer's answer to the cryptogram charge or the 3-D Secure completion; undefined: no answer came. */
export function onCheckoutAnswer(s: SubscriptionState, answer: ChargeAnswer | undefined, ctx: DecisionContext) {
  const c = s.checkout as CheckoutProgress;
  if (answer?.outcome === 'succeeded') return paidCheckout(s, ctx);
  if (answer?.outcome === 'declined') {
    // Settled by the lookup that follows: paid after all (a retry on another channel), else expired.
    return withoutWrite({ ...s, checkout: { ...c, stage: 'settling', declined: { reason: answer.declineReason } } });
  }
  if (answer?.outcome === 'requires_action' && answer.challenge) {
    const action = payerActionOf(answer.challenge, ctx.legacyReturnUrl);
    const view: Checkout = { invoiceId: c.invoiceId, status: 'requires_action', expiresAt: c.expiresAt, action };
    return withoutWrite({ ...s, checkout: { ...c, stage: 'requires_action', view } });
  }
  // No answer: the payment may still happen; a notification, or the lookup at the deadline, settles it.
  const waiting = withView(
    { ...c, stage: 'awaiting_payment', authentication: undefined, waiters: [] },
    'awaiting_payment',
  );
  return withoutWrite(
    { ...s, checkout: waiting },
    answerAll(c.waiters, { kind: 'checkout', checkout: viewOf(waiting) }),
  );
}

export function onCheckoutLink(s: SubscriptionState, link: { url: string; linkId: string }): Decision {
  const c = s.checkout as CheckoutProgress;
  const view: Checkout = {
    invoiceId: c.invoiceId,
    status: 'awaiting_payment',
    paymentUrl: link.url,
    expiresAt: c.expiresAt,
  };
  return withoutWrite({ ...s, checkout: { ...c, stage: 'awaiting_payment', linkId: link.linkId, view } });
}

/** The payment page could not be made: the checkout ends now, visibly, and a later subscribe is not blocked. */
export const onCheckoutLinkFailed = (s: SubscriptionState, message: string) =>
  expired(s, `The payment page could not be opened: ${message}`);

/** The deadline's lookup: paid after all, or the checkout expires. */
export function onCheckoutLookup(s: SubscriptionState, found: boolean, ctx: DecisionContext): Decision {
  const c = s.checkout as CheckoutProgress;
  if (found) return paidCheckout(s, ctx);
  return expired(s, c.declined?.reason ?? (c.declined ? 'declined' : 'The checkout expired unpaid'));
}

export function paidCheckout(s: SubscriptionState, ctx: DecisionContext): Decision {
  const c = s.checkout as CheckoutProgress;
  const checkout = withView({ ...c, stage: 'done', authentication: undefined, waiters: [] }, 'succeeded');
  return {
    state: { ...activate(s, ctx.now), checkout },
    persist: {
      events: ['payment.succeeded', 'subscription.activated', 'entitlement.granted'],
      invoice: { id: c.invoiceId, status: 'paid' },
    },
    replies: answerAll(c.waiters, { kind: 'checkout', checkout: viewOf(checkout) }),
  };
}

function expired(s: SubscriptionState, reason: string): Decision {
  const c = s.checkout as CheckoutProgress;
  const checkout = withView({ ...c, stage: 'done', authentication: undefined, waiters: [] }, 'declined', reason);
  return {
    state: {
      ...s,
      status: 'expired',
      nextChargeAt: null,
      checkout,
      linksToCancel: c.linkId ? [...s.linksToCancel, c.linkId] : s.linksToCancel,
    },
    persist: {
      events: c.declined ? ['payment.failed', 'subscription.expired'] : ['subscription.expired'],
      invoice: { id: c.invoiceId, status: 'void' },
    },
    replies: answerAll(c.waiters, { kind: 'checkout', checkout: viewOf(checkout) }),
  };
}

function withView(c: CheckoutProgress, status: Checkout['status'], declineReason?: string): CheckoutProgress {
  const paymentUrl = status === 'awaiting_payment' ? c.view?.paymentUrl : undefined;
  return { ...c, view: { invoiceId: c.invoiceId, status, paymentUrl, expiresAt: c.expiresAt, declineReason } };
}

const viewOf = (c: CheckoutProgress) => c.view as Checkout;
