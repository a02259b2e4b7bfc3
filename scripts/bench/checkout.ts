// `npm run bench:checkout [-- --n 100 --concurrent 200 --concurrency 10 --acquirer-limit 30]`: checkouts by card cryptogram through the
// API, the subscription workflow and the sandbox acquirer, with our own share (total minus the time inside the
// acquirer) apart, and the floor (the sandbox's charge alone, a bare Hono round trip) measured in the same run.
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { recordAcquirerSpans } from './acquirer-spans.js';
import { acquirerLimitEnv, LIVE_TERMINAL_CONCURRENT_REQUESTS, startBenchStack } from './bench-stack.js';
import { createBenchWorker } from './bench-worker.js';
import { createCheckoutClient } from './checkout-client.js';
import { measureFloor } from './checkout-floor.js';
import { concurrentCheckouts, sequentialCheckouts } from './checkout-phases.js';
import { printCheckoutReport } from './checkout-report.js';
import { withRunningWorker } from './measured-runs.js';
import { loadAverage } from './phase-report.js';

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '100' },
    concurrent: { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '10' },
    'acquirer-limit': { type: 'string', default: String(LIVE_TERMINAL_CONCURRENT_REQUESTS) },
  },
});
const count = (name: keyof typeof values) => {
  const value = Number(values[name]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`);
  return value;
};
const [n, concurrent, concurrency, warmup] = [count('n'), count('concurrent'), count('concurrency'), count('warmup')];
const acquirerLimit = count('acquirer-limit');

console.log(`bench:checkout  sequential=${n}  concurrent=${concurrent}×${concurrency}  cores=${cpus().length}`);
console.log(`load average before: ${loadAverage()} (1, 5, 15 min)`);
// Before the stack exists: the adapter takes the global fetch when it is built.
const spans = recordAcquirerSpans();
// Every checkout comes from this one address: its limit is raised, not switched off, so the limiter's cost stays in.
console.log(`acquirer: at most ${acquirerLimit} requests at once (--acquirer-limit; 30 a live terminal, 5 a test one)`);
const stack = await startBenchStack(
  { RATE_LIMIT_CHECKOUT_PER_IP: '1000000', ...acquirerLimitEnv(acquirerLimit) },
  { wrapApi: spans.timeChecks },
);
const stop = () => void stack.close().then(() => process.exit(130));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
try {
  const apiUrl = stack.config.http.publicBaseUrl;
  spans.watch({ sandboxUrl: stack.sandboxUrl, checkUrl: `${apiUrl}/webhooks/cloudpayments/check` });
  const worker = await createBenchWorker(stack, 'bench-checkout-worker');
  await withRunningWorker(worker, async () => {
    const client = await createCheckoutClient(stack.config, apiUrl);
    // Warm-up (connections, JIT, the worker's caches): run, not counted.
    await sequentialCheckouts(client, spans, warmup, 'bench-warm');
    const floor = await measureFloor(stack, n);
    const sequential = await sequentialCheckouts(client, spans, n, 'bench-seq');
    const parallel = await concurrentCheckouts(client, spans, concurrent, concurrency, {
      prefix: 'bench-par',
      postgresPort: stack.postgresPort,
      sandboxPid: stack.sandboxPid,
    });
    printCheckoutReport({ sequential, parallel, floor });
  });
} catch (error) {
  // Said before teardown, whose own noise (a closed channel) would hide it.
  console.error('bench:checkout failed:', error);
  process.exitCode = 1;
} finally {
  await stack.close();
  spans.restore();
}
console.log(`load average after: ${loadAverage()}`);
