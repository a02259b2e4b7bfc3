// `npx tsx scripts/bench/checkout-trace.ts [--n 5]`: a few sequential checkouts, each shown as its workflow's history
// (ms after the request was sent) beside the acquirer's spans: where a checkout's time goes, for profiling.
import { parseArgs } from 'node:util';
import { subscriptionWorkflowId } from '../../workflows/workflow-ids.js';
import { recordAcquirerSpans } from './acquirer-spans.js';
import { startBenchStack } from './bench-stack.js';
import { createBenchWorker } from './bench-worker.js';
import { createCheckoutClient } from './checkout-client.js';
import { withRunningWorker } from './measured-runs.js';
import { summariseRun } from './run-history.js';

const { values } = parseArgs({ options: { n: { type: 'string', default: '5' } } });
const spans = recordAcquirerSpans();
const stack = await startBenchStack({ RATE_LIMIT_CHECKOUT_PER_IP: '1000000' }, { wrapApi: spans.timeChecks });
try {
  const apiUrl = stack.config.http.publicBaseUrl;
  spans.watch({ sandboxUrl: stack.sandboxUrl, checkUrl: `${apiUrl}/webhooks/cloudpayments/check` });
  await withRunningWorker(await createBenchWorker(stack, 'bench-trace-worker'), async () => {
    const client = await createCheckoutClient(stack.config, apiUrl);
    const tokens = await client.tokensFor(Array.from({ length: Number(values.n) }, (_, i) => `bench-trace-${i}`));
    for (const token of tokens.values()) {
      const wallStart = Date.now();
      const result = await client.checkout(token);
      const total = result.endMs - result.startMs;
      const acquirer = spans.acquirerMsBetween(result.startMs, result.endMs);
      const check = spans.checkMsBetween(result.startMs, result.endMs);
      console.log(
        `\n${result.subscriptionId}: ${total.toFixed(1)} ms, acquirer ${acquirer.toFixed(1)}, check ${check.toFixed(1)}`,
      );
      const run = await summariseRun(stack.client, subscriptionWorkflowId(result.subscriptionId ?? ''));
      for (const [i, type] of run.eventTypes.entries())
        console.log(`  ${String((run.eventTimes[i] ?? 0) - wallStart).padStart(6)}  ${type}`);
    }
  });
} finally {
  await stack.close();
  spans.restore();
}
