// Samples the RSS of the named process trees every few seconds for the whole run, so the report can give each
// process's memory at a moment (all subscriptions live) and its peak over a span (renewals falling due).
import { treeRss } from './process-memory.js';

export interface RssSample {
  atMs: number;
  bytes: Record<string, number>;
}

export function startRssSampler(roots: () => Record<string, number | undefined>, everyMs = 2000) {
  const samples: RssSample[] = [];
  const take = () => {
    const sample = { atMs: Date.now(), bytes: treeRss(roots()) };
    samples.push(sample);
    return sample;
  };
  take();
  const timer = setInterval(take, everyMs);
  timer.unref();
  return {
    /** A sample now (also kept in the series). */
    take,
    samples: () => samples,
    stop: () => clearInterval(timer),
  };
}

/** The largest RSS of `name` among the samples taken in [fromMs, toMs]. */
export function peakRss(samples: readonly RssSample[], name: string, fromMs: number, toMs: number): number {
  const inSpan = samples.filter((s) => s.atMs >= fromMs && s.atMs <= toMs).map((s) => s.bytes[name] ?? Number.NaN);
  return inSpan.length ? Math.max(...inSpan) : Number.NaN;
}

export const mebibytes = (bytes: number) => (Number.isFinite(bytes) ? `${(bytes / 2 ** 20).toFixed(0)} MB` : '—');
