// The arithmetic of bench:scale, kept pure so it is tested: when each imported subscription falls due, and what
// the paid renewals of a span of wall time say (rate, lateness, whether renewals kept up).
import { percentile } from './figures.js';
import type { PaidRenewal } from './renewal-timings.js';

export const ONE_MINUTE_MS = 60_000;
/** Lateness above this at the end of the window means renewals were falling behind, not just busy. */
export const KEPT_UP_TAIL_P99_MS = 10_000;
const TAIL_MS = 30_000;

/**
 * N period ends spread evenly over one minute from `firstDueMs`: one-minute subscriptions in their steady state,
 * N/60 falling due every second, for ever (each renewal's next period ends a minute after this one).
 */
export function periodEndsOverOneMinute(n: number, firstDueMs: number): number[] {
  return Array.from({ length: n }, (_, i) => firstDueMs + Math.floor((i * ONE_MINUTE_MS) / n));
}

export interface WindowFigures {
  renewed: number;
  perSecond: number;
  latenessP50Ms: number;
  latenessP99Ms: number;
  /** Lateness p99 of the renewals paid in the window's last 30 s: flat when keeping up, growing when behind. */
  tailLatenessP99Ms: number;
}

/** Renewals paid in [fromMs, toMs). */
export function windowFigures(renewals: readonly PaidRenewal[], fromMs: number, toMs: number): WindowFigures {
  const inWindow = renewals.filter((r) => r.paidMs >= fromMs && r.paidMs < toMs);
  const lateness = inWindow.map((r) => r.paidMs - r.dueMs);
  const tail = inWindow.filter((r) => r.paidMs >= toMs - TAIL_MS).map((r) => r.paidMs - r.dueMs);
  return {
    renewed: inWindow.length,
    perSecond: inWindow.length / ((toMs - fromMs) / 1000),
    latenessP50Ms: percentile(lateness, 50),
    latenessP99Ms: percentile(lateness, 99),
    tailLatenessP99Ms: percentile(tail, 99),
  };
}

export interface LiveEstimate {
  keptUp: boolean;
  /** Live one-minute subscriptions renewed on time: N when kept up (a lower bound), else sustained rate × 60. */
  liveOneMinute: number;
  offeredPerSecond: number;
}

/**
 * Kept up: at least 95 % of the offered N/60 renewals/s were paid and lateness at the end of the window stayed
 * under 10 s. Then the figure is N itself (more might fit: run again with a larger --n). Otherwise the renewals
 * paid per second while the backlog lasted, × 60, is how many one-minute subscriptions that pace keeps renewed.
 */
export function liveOneMinuteEstimate(n: number, window: WindowFigures): LiveEstimate {
  const offeredPerSecond = n / (ONE_MINUTE_MS / 1000);
  const keptUp =
    window.perSecond >= 0.95 * offeredPerSecond &&
    Number.isFinite(window.tailLatenessP99Ms) &&
    window.tailLatenessP99Ms < KEPT_UP_TAIL_P99_MS;
  return { keptUp, liveOneMinute: keptUp ? n : Math.floor(window.perSecond * 60), offeredPerSecond };
}
