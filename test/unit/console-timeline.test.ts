import { describe, expect, it } from 'vitest';
import { latestEntries, money, TIMELINE_CAP, type TimelineEntry } from '../../console/timeline.js';

const entries = (n: number): TimelineEntry[] =>
  Array.from({ length: n }, (_, i) => ({
    at: new Date(Date.UTC(2026, 0, 1, 0, 0, n - i)).toISOString(),
    kind: 'x',
    what: `${i}`,
  }));

describe("the customer page's timeline cap", () => {
  it('keeps every entry up to the cap, and only the newest 200 beyond it, counting them all', () => {
    expect(latestEntries(entries(3))).toMatchObject({ total: 3, shown: entries(3) });
    const long = latestEntries(entries(TIMELINE_CAP + 5));
    expect([TIMELINE_CAP, long.total, long.shown.length]).toEqual([200, 205, 200]);
    expect(long.shown[0]?.what).toBe('0');
    expect(long.shown.at(-1)?.what).toBe('199');
  });
});

describe("the console's money", () => {
  it("shows integer minor units by the currency's own exponent (CloudPayments takes BYR, which has none)", () => {
    expect([money(364169, 'RUB'), money(5, 'USD'), money(1500, 'BYR'), money(700, 'XYZ')]).toEqual([
      '3641.69 RUB',
      '0.05 USD',
      '1500 BYR',
      '7.00 XYZ',
    ]);
  });
});
