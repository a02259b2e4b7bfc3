// Proration in integer minor units. Rounding rule (stated once, used everywhere):
//  - what we CHARGE for the rest of a period (upgrade) is rounded DOWN, so a customer never pays for time not had;
//  - what we REFUND for unused time is rounded DOWN too, so a refund never exceeds what that time was worth.
// Both use BigInt on milliseconds, so no floating point touches money.

export interface ProrationWindow {
  periodStart: Date;
  periodEnd: Date;
  at: Date;
}

/** The share of `amount` matching the time left in the period at `at`, rounded down; 0 outside the period. */
export function unusedShare(amount: number, { periodStart, periodEnd, at }: ProrationWindow): number {
  if (!Number.isSafeInteger(amount) || amount < 0)
    throw new RangeError(`amount must be a non-negative integer: ${amount}`);
  const total = BigInt(periodEnd.getTime() - periodStart.getTime());
  if (total <= 0n) throw new RangeError('the period must end after it starts');
  const clampedAt = Math.min(Math.max(at.getTime(), periodStart.getTime()), periodEnd.getTime());
  const left = BigInt(periodEnd.getTime() - clampedAt);
  return Number((BigInt(amount) * left) / total);
}

/** Upgrade charge now: the price difference for the rest of the current period (0 when not more expensive). */
export function upgradeProrationAmount(oldAmount: number, newAmount: number, window: ProrationWindow): number {
  if (newAmount <= oldAmount) return 0;
  return unusedShare(newAmount - oldAmount, window);
}

/** Refund of the unused part of what was captured for the period, never more than `refundable`. */
export function proratedRefundAmount(captured: number, refundable: number, window: ProrationWindow): number {
  return Math.min(unusedShare(captured, window), refundable);
}
