// `npm run bench:scale [-- --n 10000 --measure 180 --lead <s> --per-request 10000 --acquirer-slots 30 --cache <n>
//   --bundle prebuilt|at-start]`:
// N existing subscribers brought live through the bulk import, then renewed as they fall due, with the API and the
// worker as separate processes (production entry points) so each one's memory is its own. --cache sets the
// worker's WORKER_MAX_CACHED_WORKFLOWS; --bundle at-start lets the worker bundle its workflow code itself, as it
// does without WORKER_WORKFLOW_BUNDLE (about 130 MB more RSS).
//
// Method. N saved-card tokens are minted at the sandbox and N subscribers on the one-minute plan (`demo-minute`)
// imported by `POST /v1/admin/subscriptions/import` (≤ 10,000 rows a request, each job polled to completion):
// import rate = rows ÷ time from the first POST to the last job completed. Their period ends are spread evenly over
// one minute, starting `--lead` seconds after the import began (long enough for it to finish, so every workflow is
// parked on its timer first): that is exactly the steady state of N live one-minute subscriptions, N/60 falling due
// every second for ever. RSS (VmRSS of each process tree from /proc: worker, API, Temporal dev server) is sampled
// every 2 s; reported before the import (no subscription), at the first due instant (N live, all waiting) and at
// its peak while renewing. Renewals are read from PostgreSQL (renewal invoice `paid_at` − its `period_start`, the due
// instant) over `--measure` seconds from the first due instant: renewals/s, lateness p50/p99, and p99 of the last
// 30 s. "Live one-minute subscriptions before renewals fall behind": if at least 95 % of the offered N/60 per second
// were paid and the last 30 s stayed under 10 s late, renewals kept up and N is a lower bound (raise --n); if not,
// the paid renewals/s while behind × 60 is the number of one-minute subscriptions that pace keeps renewed.
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { mintToken } from '../lib/mint-token.js';
import { type ImportRow, importSubscribers, MAX_ROWS_PER_REQUEST, mintCardTokens } from './import-subscribers.js';
import { loadAverage } from './phase-report.js';
import { openRenewalReader } from './renewal-timings.js';
import { startRssSampler } from './rss-sampler.js';
import { periodEndsOverOneMinute } from './scale-figures.js';
import { printImport, printMeasurement, watchRenewals } from './scale-report.js';
import { startScaleStack } from './scale-stack.js';

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '10000' },
    measure: { type: 'string', default: '180' },
    lead: { type: 'string' },
    'acquirer-slots': { type: 'string', default: '30' },
    cache: { type: 'string' },
    'per-request': { type: 'string', default: String(MAX_ROWS_PER_REQUEST) },
    bundle: { type: 'string', default: 'prebuilt' },
  },
});
const positive = (name: string, raw: string | undefined) => {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer, got ${raw}`);
  return value;
};
const n = positive('n', values.n);
const measureMs = positive('measure', values.measure) * 1000;
// Time to mint, import and park N workflows before the first falls due (assumes ≥ 20 rows/s, as on a busy 2-core
// machine; a later finish is reported and the window starts when the import completes).
const leadMs = positive('lead', values.lead ?? String(60 + Math.ceil(n / 20))) * 1000;
const workerEnv: Record<string, string> = values.cache ? { WORKER_MAX_CACHED_WORKFLOWS: values.cache } : {};
const bundle = values.bundle;
if (bundle !== 'prebuilt' && bundle !== 'at-start')
  throw new Error(`--bundle must be prebuilt or at-start, got ${bundle}`);

console.log(`bench:scale  N=${n}  cores=${cpus().length} (${cpus()[0]?.model.trim()})  node ${process.version}`);
console.log(`load average before: ${loadAverage()} (1, 5, 15 min)`);
const acquirerSlots = positive('acquirer-slots', values['acquirer-slots']);
const stack = await startScaleStack({ acquirerSlots, workerEnv, bundle });
const stop = () => void stack.close().then(() => process.exit(130));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
const reader = openRenewalReader(stack.databaseUrl);
try {
  const users = Array.from({ length: n }, (_, i) => `scale-user-${i}`);
  const minted = Date.now();
  const tokens = await mintCardTokens(stack.sandboxUrl, users);
  console.log(`${n} card tokens minted at the sandbox in ${((Date.now() - minted) / 1000).toFixed(1)} s`);

  const firstDueMs = Math.ceil((Date.now() + leadMs) / 1000) * 1000;
  const ends = periodEndsOverOneMinute(n, firstDueMs);
  const rows: ImportRow[] = users.map((userId, i) => {
    const card = tokens.get(userId);
    return {
      externalId: `old-billing-${i}`,
      userId,
      planId: 'demo-minute',
      currentPeriodEnd: new Date(ends[i] as number).toISOString(),
      cardToken: card?.token ?? '',
      card: { ...(card?.last4 ? { last4: card.last4 } : {}), ...(card?.brand ? { brand: card.brand } : {}) },
    };
  });
  const adminToken = await mintToken(stack.config.auth, { sub: 'scale-bench-operator', admin: true });
  const sampler = startRssSamplerFor(stack);
  const idle = sampler.take();
  const imported = await importSubscribers(stack.apiUrl, adminToken, rows, {
    perRequest: Math.min(positive('per-request', values['per-request']), MAX_ROWS_PER_REQUEST),
    deadlineMs: firstDueMs + 10 * 60_000,
  });
  printImport(imported, n, firstDueMs);
  const fromMs = Math.max(firstDueMs, imported.completedAtMs);
  await new Promise((r) => setTimeout(r, fromMs - Date.now()));
  const atDue = sampler.take();
  await watchRenewals(stack, reader, sampler, { fromMs, toMs: fromMs + measureMs });
  const renewals = await reader.paidRenewals();
  printMeasurement({ n, renewals, fromMs, toMs: fromMs + measureMs, idle, atDue, samples: sampler.samples() });
  sampler.stop();
} catch (error) {
  // What the API and the worker logged (warnings and errors) usually says why.
  for (const child of [stack.api, stack.worker]) console.error(`--- ${child.name} output (tail)\n${child.output()}`);
  throw error;
} finally {
  await reader.close();
  await stack.close();
}
console.log(`load average after: ${loadAverage()}`);

function startRssSamplerFor(s: typeof stack) {
  return startRssSampler(() => ({ worker: s.worker.pid, api: s.api.pid, temporal: s.temporalPid }));
}
