// A run starts from what the previous one (or the API) handed over: this release's state, or the first release's,
// which lacks the work-in-progress fields (it continues-as-new only between periods, with at most a card check open).
import type { DecisionContext } from './decision.js';
import { initialInvoiceId } from './ids.js';
import { iso } from './lifecycle.js';
import type { CheckoutRequest } from './messages.js';
import type { CardCheckState, DunningState, PlanSnapshot, SubscriptionState, SubscriptionView } from './state.js';

/** What a run hands over; the first release's card check has no waiters, and it never hands over a renewal. */
export type StoredState = SubscriptionView & {
  dunning?: DunningState | { invoiceId: string } | null;
  cardCheck?: (Omit<CardCheckState, 'waiters'> & { waiters?: number[] }) | null;
  cardChecks?: number;
} & Partial<Omit<SubscriptionState, keyof SubscriptionView | 'dunning' | 'cardCheck' | 'cardChecks'>>;

/** A brand-new subscription waiting for its checkout (what the API starts the workflow with). */
export function newSubscriptionState(subscriptionId: string, userId: string, plan: PlanSnapshot): SubscriptionState {
  return restoreState({
    subscriptionId,
    userId,
    status: 'pending_payment',
    plan,
    pendingPlan: null,
    anchor: null,
    periodIndex: 0,
    renewalsPaid: 0,
    currentPeriodStart: null,
    currentPeriodEnd: null,
    cancelAtPeriodEnd: false,
    pastDueSince: null,
    nextChargeAt: null,
    canceledAt: null,
    cancelReason: null,
    chargeInFlight: null,
    paymentMethodVersion: 0,
  });
}

/** States handed over before links were named `linkId` call them `orderId`. */
type WithLegacyLink<T> = T & { orderId?: string | undefined };
function withLinkId<T extends { linkId?: string | undefined }>(part: WithLegacyLink<T>): T {
  const { orderId, ...rest } = part;
  return (orderId === undefined || rest.linkId !== undefined ? rest : { ...rest, linkId: orderId }) as T;
}

export function restoreState(stored: StoredState, request?: CheckoutRequest, ctx?: DecisionContext): SubscriptionState {
  const s: SubscriptionState = {
    ...stored,
    dunning: stored.dunning ? restoreDunning(stored.dunning) : null,
    cardCheck: stored.cardCheck ? withLinkId({ waiters: [], ...stored.cardCheck }) : null,
    cardChecks: stored.cardChecks ?? 0,
    checkout: stored.checkout ? withLinkId(stored.checkout) : null,
    upgrade: stored.upgrade ?? null,
    upgrades: stored.upgrades ?? 0,
    refundToStart: stored.refundToStart ?? null,
    pendingFacts: stored.pendingFacts ?? [],
    linksToCancel: stored.linksToCancel ?? [],
    housekeeping: stored.housekeeping ?? null,
  };
  if (!request || !ctx || s.checkout || s.status !== 'pending_payment') return s;
  const payment = request.payment;
  const checkout = {
    invoiceId: initialInvoiceId(s.subscriptionId),
    method: payment.method,
    ipAddress: payment.method === 'card_cryptogram' ? payment.ipAddress : undefined,
    returnUrl: request.returnUrl,
    expiresAt: iso(ctx.now + ctx.checkoutTtlMs),
    stage: 'new' as const,
    waiters: [],
  };
  return { ...s, checkout };
}

function restoreDunning(d: DunningState | { invoiceId: string }): DunningState {
  // The first release continues-as-new only once a period is paid, so it never hands over a renewal in progress.
  if ('retryWaiters' in d) return d.newCard ? { ...d, newCard: withLinkId(d.newCard) } : d;
  throw new Error(`cannot continue a first-release renewal in progress (${d.invoiceId})`);
}
