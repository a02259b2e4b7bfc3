import { describe, expect, it } from 'vitest';
import type { PeriodUnit } from '../../db/schema/statuses.js';
import { DAYS_PER_MONTH, monthlyAmount, monthlyRevenueByCurrency } from '../../observability/monthly-revenue.js';

describe('monthlyAmount: a plan price spread over an average month', () => {
  const cases: Array<[string, number, PeriodUnit, number, number]> = [
    ['monthly', 29_900, 'month', 1, 29_900],
    ['quarterly', 60_000, 'month', 3, 20_000],
    ['yearly', 120_000, 'year', 1, 10_000],
    ['every two years', 240_000, 'year', 2, 10_000],
    ['weekly', 7_000, 'week', 1, 1000 * DAYS_PER_MONTH],
    ['daily', 100, 'day', 1, 100 * DAYS_PER_MONTH],
    ['every 30 days', 30_000, 'day', 30, 1000 * DAYS_PER_MONTH],
    ['every minute (demo plans)', 1, 'minute', 1, DAYS_PER_MONTH * 24 * 60],
  ];
  it.each(cases)('%s: %d per %d %s', (_name, amount, unit, count, expected) => {
    expect(monthlyAmount(amount, { unit, count })).toBeCloseTo(expected, 6);
  });

  it('an average month is a twelfth of a Gregorian year (30.436875 days)', () => {
    expect(DAYS_PER_MONTH).toBeCloseTo(30.436875, 9);
  });
});

describe('monthlyRevenueByCurrency', () => {
  it('multiplies by subscriptions, sums per currency, and rounds once per currency, not per plan', () => {
    const revenue = monthlyRevenueByCurrency([
      { currency: 'RUB', amount: 29_900, periodUnit: 'month', periodCount: 1, subscriptions: 3 },
      { currency: 'RUB', amount: 1, periodUnit: 'year', periodCount: 1, subscriptions: 6 },
      { currency: 'USD', amount: 999, periodUnit: 'month', periodCount: 1, subscriptions: 2 },
    ]);
    // 6 × 1/12 = 0.5: rounded per plan it would vanish or double; summed first it adds one.
    expect(Object.fromEntries(revenue)).toEqual({ RUB: 89_701, USD: 1998 });
  });

  it('no live subscriptions: no currency at all', () => {
    expect(monthlyRevenueByCurrency([]).size).toBe(0);
  });
});
