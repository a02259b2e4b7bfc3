// Dunning: when to retry a soft-declined renewal. Retries follow the plan's schedule (offsets from the first
// failure), but never more than MAX_SOFT_DECLINES_PER_WINDOW soft-declined attempts in a rolling window:
// CloudPayments blocks the card for 24 h beyond that. For short demo plans the window shrinks with the period.
import { nominalPeriodMs, type Period } from './periods.js';

export const DEFAULT_DUNNING_SCHEDULE_SECONDS = [1, 3, 5].map((days) => days * 86_400);
export const MAX_SOFT_DECLINES_PER_WINDOW = 2;
const DAY_MS = 86_400_000;

export function softDeclineWindowMs(period: Period): number {
  return Math.min(DAY_MS, nominalPeriodMs(period));
}

export interface DunningInput {
  firstFailureAt: Date;
  /** Times of soft-declined attempts so far, the first failure included. */
  softDeclinesAt: Date[];
  scheduleSeconds: readonly number[];
  period: Period;
}

/** The next retry time, or null when the schedule is exhausted. Retry n (1-based) uses scheduleSeconds[n-1]. */
export function nextRetryAt({ firstFailureAt, softDeclinesAt, scheduleSeconds, period }: DunningInput): Date | null {
  const retriesDone = softDeclinesAt.length - 1;
  const offset = scheduleSeconds[retriesDone];
  if (offset === undefined) return null;
  const scheduled = firstFailureAt.getTime() + offset * 1000;
  const window = softDeclineWindowMs(period);
  const sorted = softDeclinesAt.map((d) => d.getTime()).sort((a, b) => a - b);
  // With N declines already in the window, the next attempt waits until the oldest of the last N leaves it.
  const limiting = sorted[sorted.length - MAX_SOFT_DECLINES_PER_WINDOW];
  const earliest = limiting === undefined ? scheduled : limiting + window;
  return new Date(Math.max(scheduled, earliest));
}

/** When a past_due subscription with no successful retry is finally canceled: the last scheduled retry's time. */
export function dunningDeadline(firstFailureAt: Date, scheduleSeconds: readonly number[]): Date {
  const last = scheduleSeconds.length ? Math.max(...scheduleSeconds) : 0;
  return new Date(firstFailureAt.getTime() + last * 1000);
}
