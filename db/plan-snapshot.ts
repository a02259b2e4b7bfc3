import { DEFAULT_DUNNING_SCHEDULE_SECONDS } from '../domain/dunning.js';
import type { PlanSnapshot } from '../domain/subscription/state.js';
import type { plans } from './schema/index.js';

/** A plan's row as a subscription keeps it: its price, period, role and dunning schedule at the time it was taken. */
export function planSnapshotOf(plan: typeof plans.$inferSelect): PlanSnapshot {
  return {
    id: plan.id,
    amount: plan.amount,
    currency: plan.currency,
    period: { unit: plan.periodUnit, count: plan.periodCount },
    role: plan.role,
    dunningScheduleSeconds: plan.dunningScheduleSeconds ?? DEFAULT_DUNNING_SCHEDULE_SECONDS,
  };
}
