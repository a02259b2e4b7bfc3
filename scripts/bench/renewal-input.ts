// The one place that knows the subscription workflow's input: an active subscription whose paid period ends at
// `dueAt`, started directly (no checkout), as a continued-as-new run would be. Adapt here when the input changes.
import type { Config } from '../../config/config.js';
import { periodBounds } from '../../domain/periods.js';
import type { PlanSnapshot } from '../../domain/subscription/state.js';
import type { SubscriptionWorkflowInput } from '../../workflows/subscription/input.js';

export interface SubscriptionIds {
  subscriptionId: string;
  userId: string;
}

export interface PaidPeriod {
  anchor: Date;
  periodIndex: number;
}

/**
 * An anchor and period index whose period ends exactly at `dueAt`. Month periods clamp to short months (an anchor
 * on the 30th never ends a period on the 31st), so the anchor goes back as many periods as it takes to land on
 * the due day itself.
 */
export function paidPeriodEndingAt(plan: PlanSnapshot, dueAt: Date): PaidPeriod {
  for (let back = 1; back <= 12; back++) {
    const anchor = new Date(dueAt);
    anchor.setUTCDate(1);
    anchor.setUTCMonth(anchor.getUTCMonth() - back * plan.period.count * (plan.period.unit === 'year' ? 12 : 1));
    anchor.setUTCDate(dueAt.getUTCDate());
    const periodIndex = back - 1;
    if (periodBounds(anchor, plan.period, periodIndex).end.getTime() === dueAt.getTime()) {
      return { anchor, periodIndex };
    }
  }
  throw new Error(`no anchor ends a ${plan.period.count}-${plan.period.unit} period at ${dueAt.toISOString()}`);
}

export function dueRenewalInput(
  ids: SubscriptionIds,
  plan: PlanSnapshot,
  { anchor, periodIndex }: PaidPeriod,
  config: Config,
): SubscriptionWorkflowInput {
  const { start, end } = periodBounds(anchor, plan.period, periodIndex);
  return {
    state: {
      ...ids,
      status: 'active',
      plan,
      pendingPlan: null,
      anchor: anchor.toISOString(),
      periodIndex,
      renewalsPaid: 0,
      currentPeriodStart: start.toISOString(),
      currentPeriodEnd: end.toISOString(),
      cancelAtPeriodEnd: false,
      pastDueSince: null,
      nextChargeAt: end.toISOString(),
      canceledAt: null,
      cancelReason: null,
      dunning: null,
      chargeInFlight: null,
      paymentMethodVersion: 0,
      cardCheck: null,
      cardChecks: 0,
    },
    checkoutTtlMs: config.checkoutTtlMs,
    termUrl: `${config.http.publicBaseUrl}/v1/payments/3ds/callback`,
    transition: 0,
    // As release 2 continues its runs: patch markers are recorded once per subscription, not in every period.
    workflowRelease: 2,
    leanPersist: true,
  };
}
