// Period arithmetic in UTC. Boundaries are always computed from the anchor (never chained), so a month
// clamped to a short month's end springs back: Jan 31 → Feb 28/29 → Mar 31.
import type { PeriodUnit } from '../db/schema/statuses.js';

export interface Period {
  unit: PeriodUnit;
  count: number;
}

const MS = { minute: 60_000, day: 86_400_000, week: 7 * 86_400_000 } as const;

const daysInMonth = (year: number, monthIndex: number) => new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate();

function addMonths(anchor: Date, months: number): Date {
  const total = anchor.getUTCMonth() + months;
  const year = anchor.getUTCFullYear() + Math.floor(total / 12);
  const month = ((total % 12) + 12) % 12;
  const day = Math.min(anchor.getUTCDate(), daysInMonth(year, month));
  return new Date(
    Date.UTC(
      year,
      month,
      day,
      anchor.getUTCHours(),
      anchor.getUTCMinutes(),
      anchor.getUTCSeconds(),
      anchor.getUTCMilliseconds(),
    ),
  );
}

/** The start of period number `index` (0 = the anchor itself). */
export function periodBoundary(anchor: Date, period: Period, index: number): Date {
  if (!Number.isInteger(index) || index < 0)
    throw new RangeError(`period index must be a non-negative integer: ${index}`);
  if (!Number.isInteger(period.count) || period.count < 1)
    throw new RangeError(`period count must be ≥ 1: ${period.count}`);
  const steps = period.count * index;
  switch (period.unit) {
    case 'minute':
    case 'day':
    case 'week':
      return new Date(anchor.getTime() + steps * MS[period.unit]);
    case 'month':
      return addMonths(anchor, steps);
    case 'year':
      return addMonths(anchor, steps * 12);
  }
}

/** The start of the period that ends at `end`: one period back, e.g. for a period paid before we billed it. */
export function periodStartBefore(end: Date, period: Period): Date {
  switch (period.unit) {
    case 'minute':
    case 'day':
    case 'week':
      return new Date(end.getTime() - period.count * MS[period.unit]);
    case 'month':
      return addMonths(end, -period.count);
    case 'year':
      return addMonths(end, -12 * period.count);
  }
}

export interface PeriodBounds {
  start: Date;
  end: Date;
}

export function periodBounds(anchor: Date, period: Period, index: number): PeriodBounds {
  return { start: periodBoundary(anchor, period, index), end: periodBoundary(anchor, period, index + 1) };
}

/** Nominal length, for rules that scale with the period (e.g. the dunning rate-limit window of short plans). */
export function nominalPeriodMs(period: Period): number {
  switch (period.unit) {
    case 'minute':
    case 'day':
    case 'week':
      return period.count * MS[period.unit];
    case 'month':
      return period.count * 30 * MS.day;
    case 'year':
      return period.count * 365 * MS.day;
  }
}
