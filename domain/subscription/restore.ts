// A run starts from what the previous one (or the API) handed over: this release's state, or the first release's,
// which lacks the work-in-progress fields (it continues-as-new only between periods, with at most a card check open).
import type { DecisionContext } from './decision.js';
import { initialInvoiceId } from './ids.js';
import { iso } from './lifecycle.js';
import type { CheckoutRequest } from './messages.js';
import type { CardCheckState, DunningState, PlanSnapshot, SubscriptionState, SubscriptionView } from './state.js';

/** The first release's renewal and card check, as its runs hand them over. */
interface StoredDunning {
  invoiceId: string;
  attempts: number;
  firstFailureAt: string;
  softDeclinesAt: string[];
  hardDeclined: boolean;
  newCard?: { state: 'requested' | 'open'; orderId?: string | undefined; url?: string | undefined } | null;
}
interface StoredCardCheck {
  invoiceId: string;
  state: 'requested' | 'open' | 'authorised';
  orderId?: string | undefined;
  url?: string | undefined;
  expiresAt: string;
}

export type StoredState = SubscriptionView & {
  dunning?: StoredDunning | DunningState | null;
  cardCheck?: StoredCardCheck | CardCheckState | null;
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

export function restoreState(stored: StoredState, request?: CheckoutRequest, ctx?: DecisionContext): SubscriptionState {
  const s: SubscriptionState = {
    ...stored,
    dunning: stored.dunning ? restoreDunning(stored.dunning) : null,
    cardCheck: stored.cardCheck ? { waiters: [], ...stored.cardCheck } : null,
    cardChecks: stored.cardChecks ?? 0,
    checkout: stored.checkout ?? null,
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

function restoreDunning(d: StoredDunning | DunningState): DunningState {
  // The first release continues-as-new only once a period is paid, so it never hands over a renewal in progress.
  if ('retryWaiters' in d) return d;
  throw new Error(`cannot continue a first-release renewal in progress (${d.invoiceId})`);
}
