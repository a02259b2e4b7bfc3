// Live subscriptions grouped by plan and status, with each plan's price: what the gauges and the finance summary read.
import { count, eq, inArray } from 'drizzle-orm';
import type { Database } from '../db/create-db.js';
import { plans, subscriptions } from '../db/schema/index.js';
import { LIVE_SUBSCRIPTION_STATUSES, type SubscriptionStatus } from '../db/schema/statuses.js';
import type { PlanGroup } from './monthly-revenue.js';

/** Statuses whose subscriptions bring revenue: a past_due one still has access and is expected to pay. */
export const PAYING_STATUSES: readonly SubscriptionStatus[] = ['active', 'past_due'];

export interface LivePlanGroup extends PlanGroup {
  plan: string;
  status: SubscriptionStatus;
}

/** One row per (plan, status) of live subscriptions; `db` may be a transaction. */
export function readLivePlanGroups(db: Pick<Database, 'select'>): Promise<LivePlanGroup[]> {
  return db
    .select({
      plan: subscriptions.planId,
      status: subscriptions.status,
      currency: plans.currency,
      amount: plans.amount,
      periodUnit: plans.periodUnit,
      periodCount: plans.periodCount,
      subscriptions: count(),
    })
    .from(subscriptions)
    .innerJoin(plans, eq(plans.id, subscriptions.planId))
    .where(inArray(subscriptions.status, [...LIVE_SUBSCRIPTION_STATUSES]))
    .groupBy(
      subscriptions.planId,
      subscriptions.status,
      plans.currency,
      plans.amount,
      plans.periodUnit,
      plans.periodCount,
    );
}

/** The groups that bring revenue (active, past_due). */
export const payingGroups = (groups: readonly LivePlanGroup[]) =>
  groups.filter((g) => PAYING_STATUSES.includes(g.status));
