import { describe, expect, it } from 'vitest';
import { nominalPeriodMs, type Period, periodBoundary, periodBounds } from '../../domain/periods.js';

const d = (iso: string) => new Date(iso);
const month: Period = { unit: 'month', count: 1 };

describe('periodBoundary', () => {
  it.each([
    // anchor, period, index, expected
    ['2026-01-31T10:00:00Z', month, 1, '2026-02-28T10:00:00.000Z'],
    ['2026-01-31T10:00:00Z', month, 2, '2026-03-31T10:00:00.000Z'],
    ['2028-01-31T10:00:00Z', month, 1, '2028-02-29T10:00:00.000Z'],
    ['2026-01-30T00:00:00Z', month, 1, '2026-02-28T00:00:00.000Z'],
    ['2026-03-31T23:59:59Z', month, 1, '2026-04-30T23:59:59.000Z'],
    ['2026-12-15T00:00:00Z', month, 1, '2027-01-15T00:00:00.000Z'],
    ['2026-08-31T00:00:00Z', { unit: 'month', count: 6 }, 1, '2027-02-28T00:00:00.000Z'],
    ['2026-11-30T00:00:00Z', { unit: 'month', count: 3 }, 1, '2027-02-28T00:00:00.000Z'],
    ['2026-11-30T00:00:00Z', { unit: 'month', count: 3 }, 2, '2027-05-30T00:00:00.000Z'],
    ['2028-02-29T12:00:00Z', { unit: 'year', count: 1 }, 1, '2029-02-28T12:00:00.000Z'],
    ['2028-02-29T12:00:00Z', { unit: 'year', count: 1 }, 4, '2032-02-29T12:00:00.000Z'],
    ['2026-03-28T12:00:00Z', { unit: 'week', count: 1 }, 1, '2026-04-04T12:00:00.000Z'],
    ['2026-03-28T12:00:00Z', { unit: 'day', count: 1 }, 2, '2026-03-30T12:00:00.000Z'],
    ['2026-11-26T11:00:30.500Z', { unit: 'minute', count: 1 }, 3, '2026-11-26T11:03:30.500Z'],
    ['2026-05-05T05:05:05Z', month, 0, '2026-05-05T05:05:05.000Z'],
  ] as Array<[string, Period, number, string]>)('%s + %j × %i = %s', (anchor, period, index, expected) => {
    expect(periodBoundary(d(anchor), period, index).toISOString()).toBe(expected);
  });

  it('consecutive bounds tile time with no gap or overlap across a clamped February', () => {
    const anchor = d('2026-01-31T00:00:00Z');
    const bounds = [0, 1, 2, 3].map((i) => periodBounds(anchor, month, i));
    for (let i = 1; i < bounds.length; i++) expect(bounds[i]?.start).toEqual(bounds[i - 1]?.end);
  });

  it('refuses negative or fractional indexes and zero counts', () => {
    expect(() => periodBoundary(d('2026-01-01T00:00:00Z'), month, -1)).toThrow(RangeError);
    expect(() => periodBoundary(d('2026-01-01T00:00:00Z'), month, 1.5)).toThrow(RangeError);
    expect(() => periodBoundary(d('2026-01-01T00:00:00Z'), { unit: 'day', count: 0 }, 1)).toThrow(RangeError);
  });

  it('nominal lengths: minute 60 s, week 7 days, month 30 days, year 365 days', () => {
    expect(nominalPeriodMs({ unit: 'minute', count: 1 })).toBe(60_000);
    expect(nominalPeriodMs({ unit: 'week', count: 2 })).toBe(14 * 86_400_000);
    expect(nominalPeriodMs({ unit: 'month', count: 3 })).toBe(90 * 86_400_000);
    expect(nominalPeriodMs({ unit: 'year', count: 1 })).toBe(365 * 86_400_000);
  });
});
