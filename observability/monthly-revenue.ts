// Monthly recurring revenue: each live subscription's plan price spread over an average month, in minor units.
import type { PeriodUnit } from '../db/schema/statuses.js';

/** An average Gregorian month (365.2425 / 12 days), in days: a yearly plan counts a twelfth, a weekly one ~4.35×. */
export const DAYS_PER_MONTH = 365.2425 / 12;

const PERIODS_PER_MONTH: Record<PeriodUnit, number> = {
  minute: DAYS_PER_MONTH * 24 * 60,
  day: DAYS_PER_MONTH,
  week: DAYS_PER_MONTH / 7,
  month: 1,
  year: 1 / 12,
};

/** What one subscription at `amount` per `count` `unit`s brings in a month, unrounded (sum first, round once). */
export function monthlyAmount(amount: number, period: { unit: PeriodUnit; count: number }): number {
  return (amount * PERIODS_PER_MONTH[period.unit]) / period.count;
}

export interface PlanGroup {
  currency: string;
  amount: number;
  periodUnit: PeriodUnit;
  periodCount: number;
  subscriptions: number;
}

/** Revenue per currency from (plan price, period, live subscriptions) groups, rounded to whole minor units. */
export function monthlyRevenueByCurrency(groups: readonly PlanGroup[]): Map<string, number> {
  const sums = new Map<string, number>();
  for (const g of groups) {
    const monthly = monthlyAmount(g.amount, { unit: g.periodUnit, count: g.periodCount }) * g.subscriptions;
    sums.set(g.currency, (sums.get(g.currency) ?? 0) + monthly);
  }
  return new Map([...sums].map(([currency, sum]) => [currency, Math.round(sum)]));
}
