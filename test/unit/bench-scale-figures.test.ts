import { describe, expect, it } from 'vitest';
import { parentPid, subtree, vmRssBytes } from '../../scripts/bench/process-memory.js';
import { liveOneMinuteEstimate, periodEndsOverOneMinute, windowFigures } from '../../scripts/bench/scale-figures.js';

describe('bench:scale figures', () => {
  it('spreads N period ends evenly over one minute from the first due instant', () => {
    const ends = periodEndsOverOneMinute(4, 1_000_000);
    expect(ends).toEqual([1_000_000, 1_015_000, 1_030_000, 1_045_000]);
    expect(periodEndsOverOneMinute(10_000, 0).at(-1)).toBeLessThan(60_000);
  });

  it('counts only renewals paid inside the window, with their lateness percentiles and the last 30 s apart', () => {
    const renewals = [
      { dueMs: 0, paidMs: 500 }, // before the window
      ...Array.from({ length: 198 }, (_, i) => ({ dueMs: 1000 + i * 100, paidMs: 2000 + i * 100 })),
      { dueMs: 45_000, paidMs: 50_000 },
      { dueMs: 50_000, paidMs: 61_000 }, // paid after the window
    ];
    const figures = windowFigures(renewals, 1000, 51_000);
    expect(figures.renewed).toBe(199);
    expect(figures.perSecond).toBeCloseTo(199 / 50);
    expect(figures.latenessP50Ms).toBe(1000);
    expect(figures.latenessP99Ms).toBe(1000);
    expect(figures.tailLatenessP99Ms).toBe(5000);
  });

  it('calls it kept up only when the offered rate was paid and the tail stayed punctual; else rate × 60', () => {
    const steady = { renewed: 0, perSecond: 10, latenessP50Ms: 300, latenessP99Ms: 900, tailLatenessP99Ms: 900 };
    expect(liveOneMinuteEstimate(600, steady)).toEqual({ keptUp: true, liveOneMinute: 600, offeredPerSecond: 10 });
    const behind = { ...steady, perSecond: 12.5, tailLatenessP99Ms: 45_000 };
    expect(liveOneMinuteEstimate(1200, behind)).toMatchObject({ keptUp: false, liveOneMinute: 750 });
    const slowButPunctual = { ...steady, perSecond: 8 };
    expect(liveOneMinuteEstimate(600, slowButPunctual)).toMatchObject({ keptUp: false, liveOneMinute: 480 });
  });

  it("reads VmRSS in bytes and a stat's parent pid even when the command name holds spaces and parentheses", () => {
    expect(vmRssBytes('Name:\tnode\nVmPeak:\t  900 kB\nVmRSS:\t  123456 kB\nRssAnon:\t 1 kB\n')).toBe(123456 * 1024);
    expect(vmRssBytes('Name:\tkthreadd\nState:\tS\n')).toBeUndefined();
    expect(parentPid('4242 (tsx (worker) x) S 4100 4242 4100 0 -1')).toBe(4100);
  });

  it("finds a process's whole tree of descendants and nothing else", () => {
    const parents = new Map([
      [10, 1],
      [11, 10],
      [12, 11],
      [13, 10],
      [20, 1],
    ]);
    expect(subtree(10, parents).sort()).toEqual([10, 11, 12, 13]);
    expect(subtree(20, parents)).toEqual([20]);
  });
});
