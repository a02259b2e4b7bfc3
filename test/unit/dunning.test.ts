import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DUNNING_SCHEDULE_SECONDS,
  dunningDeadline,
  nextRetryAt,
  softDeclineWindowMs,
} from '../../domain/dunning.js';
import type { Period } from '../../domain/periods.js';

const month: Period = { unit: 'month', count: 1 };
const minute: Period = { unit: 'minute', count: 1 };
const t0 = new Date('2026-06-01T00:00:00Z');
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
const DAY = 86_400;

describe('dunning schedule', () => {
  it('default schedule retries 1, 3 and 5 days after the first failure, then stops', () => {
    const schedule = DEFAULT_DUNNING_SCHEDULE_SECONDS;
    expect(nextRetryAt({ firstFailureAt: t0, softDeclinesAt: [t0], scheduleSeconds: schedule, period: month })).toEqual(
      at(DAY),
    );
    expect(
      nextRetryAt({ firstFailureAt: t0, softDeclinesAt: [t0, at(DAY)], scheduleSeconds: schedule, period: month }),
    ).toEqual(at(3 * DAY));
    expect(
      nextRetryAt({
        firstFailureAt: t0,
        softDeclinesAt: [t0, at(DAY), at(3 * DAY)],
        scheduleSeconds: schedule,
        period: month,
      }),
    ).toEqual(at(5 * DAY));
    expect(
      nextRetryAt({
        firstFailureAt: t0,
        softDeclinesAt: [t0, at(DAY), at(3 * DAY), at(5 * DAY)],
        scheduleSeconds: schedule,
        period: month,
      }),
    ).toBeNull();
  });

  it('never plans a third soft-declined attempt within 24 hours', () => {
    const schedule = [3600, 7200, 10_800]; // 1 h, 2 h, 3 h
    expect(nextRetryAt({ firstFailureAt: t0, softDeclinesAt: [t0], scheduleSeconds: schedule, period: month })).toEqual(
      at(3600),
    );
    // two declines (t0, t0+1h) in the window: the third waits until t0 leaves it
    expect(
      nextRetryAt({ firstFailureAt: t0, softDeclinesAt: [t0, at(3600)], scheduleSeconds: schedule, period: month }),
    ).toEqual(at(DAY));
    // then the fourth waits until t0+1h leaves the window
    expect(
      nextRetryAt({
        firstFailureAt: t0,
        softDeclinesAt: [t0, at(3600), at(DAY)],
        scheduleSeconds: schedule,
        period: month,
      }),
    ).toEqual(at(DAY + 3600));
  });

  it('shrinks the window with the period for short demo plans', () => {
    expect(softDeclineWindowMs(minute)).toBe(60_000);
    expect(softDeclineWindowMs(month)).toBe(DAY * 1000);
    const schedule = [10, 20, 30];
    expect(
      nextRetryAt({ firstFailureAt: t0, softDeclinesAt: [t0, at(10)], scheduleSeconds: schedule, period: minute }),
    ).toEqual(at(60));
  });

  it('an empty schedule means no retry; the deadline is the last offset', () => {
    expect(nextRetryAt({ firstFailureAt: t0, softDeclinesAt: [t0], scheduleSeconds: [], period: month })).toBeNull();
    expect(dunningDeadline(t0, [DAY, 3 * DAY, 5 * DAY])).toEqual(at(5 * DAY));
    expect(dunningDeadline(t0, [])).toEqual(t0);
  });
});
