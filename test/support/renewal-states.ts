// States around a renewal, for the pure decision tests: made by the domain's own transitions.
import { iso } from '../../domain/subscription/lifecycle.js';
import { periodEnded } from '../../domain/subscription/renewal.js';
import type { CardCheckState, DunningState, SubscriptionState } from '../../domain/subscription/state.js';
import { activeState, ctxAt, DAY, T0 } from './subscription-states.js';

export const active = activeState();
export const END = Date.parse(active.currentPeriodEnd ?? '');
export const renewing = periodEnded(active, ctxAt(END)).state;
export const dunning = renewing.dunning as DunningState;
export const pastDue = (d: Partial<DunningState>): SubscriptionState => ({
  ...renewing,
  status: 'past_due',
  dunning: { ...dunning, attempts: 1, firstFailureAt: iso(END), softDeclinesAt: [iso(END)], nextAttemptAt: null, ...d },
});
export const LAST_RETRY = END + 5 * DAY;
export const check = (c: Partial<CardCheckState>): CardCheckState => ({
  invoiceId: 'inv_sub_1_card_1',
  state: 'open',
  linkId: 'ord_1',
  url: 'https://pay/1',
  expiresAt: iso(T0 + DAY),
  waiters: [],
  ...c,
});
