// What callers ask of a subscription, and when the subscription refuses. The same rule answers twice: when the
// request arrives (so nothing invalid enters history and the API can answer 409 at once) and when its turn comes
// (requests queued before it may have changed the state).

import type { PaymentOutcomeFact } from './messages.js';
import type { PayerReturn } from './payer-action.js';
import type { PlanSnapshot, SubscriptionState } from './state.js';

export type Command =
  | {
      kind: 'cancel';
      mode: 'at_period_end' | 'immediately';
      refund?: 'none' | 'prorated' | undefined;
      actor: string;
      adminReason?: string | undefined;
    }
  | { kind: 'resume'; actor: string }
  | { kind: 'change_plan'; plan: PlanSnapshot; actor: string }
  | { kind: 'new_card'; returnUrl: string | null; actor: string }
  | { kind: 'retry_now'; actor: string; reason: string }
  | ({ kind: 'complete_authentication' } & PayerReturn)
  | { kind: 'payment_fact'; fact: PaymentOutcomeFact }
  | { kind: 'payment_refunded'; invoiceId: string; refundId: string };

export interface Refusal {
  type: 'invalid_state' | 'plan_change_not_allowed';
  message: string;
  details: Record<string, unknown>;
}

function invalidState(s: SubscriptionState, operation: string, expected: string[]): Refusal {
  const current = s.chargeInFlight ? `${s.status} (a charge is being settled)` : s.status;
  return {
    type: 'invalid_state',
    message: `Cannot ${operation} while ${current}`,
    details: { operation, current: s.status, expected, chargeInFlight: s.chargeInFlight !== null },
  };
}

const idle = (s: SubscriptionState) => s.chargeInFlight === null && s.upgrade === null;

/** Why `command` cannot be applied to `s` now, or undefined when it can. Facts and refunds are never refused. */
export function refusalOf(s: SubscriptionState, command: Command): Refusal | undefined {
  switch (command.kind) {
    case 'cancel': {
      const atEnd = command.mode === 'at_period_end';
      const allowed = atEnd
        ? s.status === 'active' && !s.cancelAtPeriodEnd && s.dunning === null
        : s.status === 'active' || s.status === 'past_due';
      if (allowed && idle(s)) return undefined;
      return invalidState(s, `cancel (${command.mode})`, atEnd ? ['active'] : ['active', 'past_due']);
    }
    case 'resume':
      if (s.status === 'active' && s.cancelAtPeriodEnd && idle(s)) return undefined;
      return invalidState(s, 'resume', ['active with cancelAtPeriodEnd']);
    case 'change_plan': {
      const allowed = s.status === 'active' && !s.cancelAtPeriodEnd && s.dunning === null && idle(s);
      if (!allowed) return invalidState(s, 'change plan', ['active']);
      if (command.plan.id === s.plan.id) return planChangeRefusal('The subscription is already on this plan');
      if (command.plan.currency !== s.plan.currency)
        return planChangeRefusal('Plans in another currency cannot be switched to');
      return undefined;
    }
    case 'new_card': {
      const allowed =
        (s.status === 'active' && s.dunning === null && s.cardCheck?.state !== 'authorised') ||
        (s.status === 'past_due' && s.dunning !== null);
      return allowed && idle(s) ? undefined : invalidState(s, 'replace the card', ['active', 'past_due']);
    }
    case 'retry_now': {
      const d = s.dunning;
      const allowed = s.status === 'past_due' && d !== null && d.newCard === null && idle(s);
      return allowed
        ? undefined
        : invalidState(s, 'retry the charge now', ['past_due (no charge being settled, no new-card checkout open)']);
    }
    case 'complete_authentication':
      if (s.checkout?.stage === 'requires_action') return undefined;
      return {
        type: 'invalid_state',
        message: `No 3-D Secure step is pending (checkout is ${s.checkout?.view?.status ?? 'not open'})`,
        details: { operation: 'complete 3-D Secure', current: s.status, expected: ['requires_action'] },
      };
    case 'payment_fact':
    case 'payment_refunded':
      return undefined;
  }
}

const planChangeRefusal = (message: string): Refusal => ({ type: 'plan_change_not_allowed', message, details: {} });

const movesMoney = (c: Command) => c.kind === 'change_plan' || c.kind === 'retry_now' || c.kind === 'new_card';

/**
 * Which queued request goes next: the oldest, except that when a money request's turn comes while a cancel waits
 * behind it, the cancel goes first, so an accepted cancel is never followed by a charge the subscription no longer
 * wants. Notifications keep their place: what the acquirer did happened first.
 */
export function nextCommandIndex(queue: readonly Command[]): number | undefined {
  const [head] = queue;
  if (head === undefined) return undefined;
  if (!movesMoney(head)) return 0;
  const cancel = queue.findIndex((c) => c.kind === 'cancel');
  return Math.max(cancel, 0);
}
