// What bench:scale prints: the import, a line every 10 s while renewals fall due, and the figures at the end.
import type { ImportRun } from './import-subscribers.js';
import { summary } from './import-subscribers.js';
import { loadAverage } from './phase-report.js';
import type { openRenewalReader, PaidRenewal } from './renewal-timings.js';
import { mebibytes, peakRss, type RssSample, type startRssSampler } from './rss-sampler.js';
import { liveOneMinuteEstimate, windowFigures } from './scale-figures.js';
import type { ScaleStack } from './scale-stack.js';

const row = (label: string, value: string | number) => console.log(`  ${label.padEnd(44)}${value}`);
const seconds = (ms: number) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} s` : '—');
const PROCESSES = ['worker', 'api', 'temporal'] as const;

export function printImport(run: ImportRun, n: number, firstDueMs: number) {
  const elapsedMs = run.completedAtMs - run.startedAtMs;
  const totals = run.jobs.reduce(
    (t, job) => ({
      total: t.total + job.total,
      imported: t.imported + job.imported,
      alreadyImported: t.alreadyImported + job.alreadyImported,
      failed: t.failed + job.failed,
    }),
    { total: 0, imported: 0, alreadyImported: 0, failed: 0 },
  );
  console.log(`\nimport: ${run.jobs.length} request(s) of ≤ 10,000 rows, ${summary(totals)}`);
  row('import rate (rows/s)', (n / (elapsedMs / 1000)).toFixed(1));
  row('import time', seconds(elapsedMs));
  for (const error of run.jobs.flatMap((job) => job.errors).slice(0, 5)) {
    row(`  row ${error.row} (${error.externalId})`, `${error.code}: ${error.message}`);
  }
  const spare = firstDueMs - run.completedAtMs;
  if (spare < 0) console.warn(`  the import finished ${seconds(-spare)} after the first period end: raise --lead`);
  else row('import done before the first period end by', seconds(spare));
}

type Sampler = ReturnType<typeof startRssSampler>;
type Reader = ReturnType<typeof openRenewalReader>;

/** Until `toMs`, every 10 s: renewals paid in the last 10 s, their lateness p99, and each process's RSS. */
export async function watchRenewals(
  stack: ScaleStack,
  reader: Reader,
  sampler: Sampler,
  span: { fromMs: number; toMs: number },
) {
  console.log(`\nrenewals from ${new Date(span.fromMs).toISOString()} (every 10 s: paid/s, lateness p99, RSS)`);
  for (let at = span.fromMs + 10_000; at <= span.toMs; at += 10_000) {
    await new Promise((r) => setTimeout(r, Math.max(at - Date.now(), 0)));
    stack.api.assertAlive();
    stack.worker.assertAlive();
    const last = windowFigures(await reader.paidRenewals(), at - 10_000, at);
    const rss = sampler.take().bytes;
    const memory = PROCESSES.map((p) => `${p} ${mebibytes(rss[p] ?? Number.NaN)}`).join(', ');
    console.log(
      `  +${String((at - span.fromMs) / 1000).padStart(4)} s  ${last.perSecond.toFixed(1).padStart(6)}/s  ` +
        `p99 ${seconds(last.latenessP99Ms).padStart(8)}  ${memory}  load ${loadAverage()}`,
    );
  }
}

export interface Measurement {
  n: number;
  renewals: PaidRenewal[];
  fromMs: number;
  toMs: number;
  /** Before the import: each process with no subscription at all. */
  idle: RssSample;
  atDue: RssSample;
  samples: readonly RssSample[];
}

export function printMeasurement({ n, renewals, fromMs, toMs, idle, atDue, samples }: Measurement) {
  const window = windowFigures(renewals, fromMs, toMs);
  const live = liveOneMinuteEstimate(n, window);
  console.log(`\nbench:scale figures, N=${n} one-minute subscriptions, ${seconds(toMs - fromMs)} of renewals`);
  row('renewals offered (N/60 per s)', `${live.offeredPerSecond.toFixed(1)}/s`);
  row('renewals paid', `${window.renewed} (${window.perSecond.toFixed(1)}/s)`);
  row('lateness p50 / p99', `${seconds(window.latenessP50Ms)} / ${seconds(window.latenessP99Ms)}`);
  row('lateness p99, last 30 s', seconds(window.tailLatenessP99Ms));
  row(
    'live one-minute subscriptions',
    live.keptUp ? `≥ ${live.liveOneMinute} (kept up; raise --n)` : `≈ ${live.liveOneMinute} (fell behind)`,
  );
  for (const p of PROCESSES) {
    row(
      `${p} RSS: idle / N live / peak renewing`,
      `${mebibytes(idle.bytes[p] ?? Number.NaN)} / ${mebibytes(atDue.bytes[p] ?? Number.NaN)} / ${mebibytes(peakRss(samples, p, fromMs, toMs))}`,
    );
  }
  row('load average', loadAverage());
}
