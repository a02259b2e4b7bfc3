// Subscription states for the pure decision tests: built by the domain's own transitions, not by hand, so a test
// starts from a state the workflow can really be in.
import type { DecisionContext } from '../../domain/subscription/decision.js';
import { activate } from '../../domain/subscription/lifecycle.js';
import { newSubscriptionState, restoreState } from '../../domain/subscription/restore.js';
import type { PlanSnapshot, SubscriptionState } from '../../domain/subscription/state.js';

export const T0 = Date.parse('2026-01-31T10:00:00.000Z');
export const DAY = 86_400_000;

export const monthly: PlanSnapshot = {
  id: 'monthly',
  amount: 29_900,
  currency: 'RUB',
  period: { unit: 'month', count: 1 },
  role: 'subscriber',
  dunningScheduleSeconds: [1, 3, 5].map((d) => d * 86_400),
};
export const premium: PlanSnapshot = { ...monthly, id: 'premium', amount: 59_900 };
export const basic: PlanSnapshot = { ...monthly, id: 'basic', amount: 19_900 };
export const yearly: PlanSnapshot = { ...monthly, id: 'yearly', amount: 299_000, period: { unit: 'year', count: 1 } };

export const ctxAt = (now: number): DecisionContext => ({
  now,
  checkoutTtlMs: 30 * 60_000,
  legacyReturnUrl: 'https://billing.example/v1/payments/3ds/callback',
});

export function pendingState(method: 'payment_link' | 'card_cryptogram' = 'payment_link', now = T0): SubscriptionState {
  const payment = method === 'payment_link' ? { method } : { method, ipAddress: '203.0.113.7' as const };
  return restoreState(newSubscriptionState('sub_1', 'user_1', monthly), { payment, returnUrl: null }, ctxAt(now));
}

/** Active since T0 (period 0: Jan 31 → Feb 28), the checkout done. */
export function activeState(plan: PlanSnapshot = monthly): SubscriptionState {
  const s = newSubscriptionState('sub_1', 'user_1', plan);
  return activate(s, T0);
}
