import { describe, expect, it } from 'vitest';
import { proratedRefundAmount, unusedShare, upgradeProrationAmount } from '../../domain/proration.js';

const w = (start: string, end: string, at: string) => ({
  periodStart: new Date(start),
  periodEnd: new Date(end),
  at: new Date(at),
});
const april = (at: string) => w('2026-04-01T00:00:00Z', '2026-05-01T00:00:00Z', at); // 30 days

describe('proration (rounded down, integer minor units)', () => {
  it.each([
    [29900, '2026-04-01T00:00:00Z', 29900],
    [29900, '2026-04-16T00:00:00Z', 14950],
    [29900, '2026-04-21T00:00:00Z', 9966], // 29900 × 10/30 = 9966.67 → 9966
    [29900, '2026-04-30T23:59:59.999Z', 0], // 29900 × 1ms/30d → 0
    [29900, '2026-05-01T00:00:00Z', 0],
    [29900, '2026-03-01T00:00:00Z', 29900], // before the period: all of it is unused
    [1, '2026-04-02T00:00:00Z', 0],
  ])('unusedShare(%i) at %s = %i', (amount, at, expected) => {
    expect(unusedShare(amount, april(at))).toBe(expected);
  });

  it('upgrade charges the difference for the time left; a downgrade or same price charges 0', () => {
    expect(upgradeProrationAmount(29900, 79900, april('2026-04-16T00:00:00Z'))).toBe(25000);
    expect(upgradeProrationAmount(79900, 29900, april('2026-04-16T00:00:00Z'))).toBe(0);
    expect(upgradeProrationAmount(29900, 29900, april('2026-04-16T00:00:00Z'))).toBe(0);
  });

  it('a prorated refund never exceeds what is still refundable', () => {
    expect(proratedRefundAmount(29900, 29900, april('2026-04-16T00:00:00Z'))).toBe(14950);
    expect(proratedRefundAmount(29900, 10000, april('2026-04-16T00:00:00Z'))).toBe(10000);
  });

  it('stays exact for amounts near the safe-integer limit', () => {
    const big = Number.MAX_SAFE_INTEGER - 1; // even
    expect(unusedShare(big, april('2026-04-16T00:00:00Z'))).toBe(big / 2);
  });

  it('refuses negative or fractional amounts and empty periods', () => {
    expect(() => unusedShare(-1, april('2026-04-16T00:00:00Z'))).toThrow(RangeError);
    expect(() => unusedShare(1.5, april('2026-04-16T00:00:00Z'))).toThrow(RangeError);
    expect(() => unusedShare(1, w('2026-04-01T00:00:00Z', '2026-04-01T00:00:00Z', '2026-04-01T00:00:00Z'))).toThrow(
      RangeError,
    );
  });
});
