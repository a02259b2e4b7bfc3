// The project's checkouts: sequential ones, each split into the acquirer's time and ours, then a fixed number at
// a fixed concurrency for throughput. Every checkout must answer 201 with an active subscription.
import type { AcquirerSpans } from './acquirer-spans.js';
import type { CheckoutClient, CheckoutResult } from './checkout-client.js';
import { cpuSplit, sampleCpu } from './cpu-usage.js';
import { inBatches } from './poll.js';

export interface SequentialTimings {
  totalMs: number[];
  acquirerMs: number[];
  /** Our `check` handler's time, which the acquirer waits on (part of our share). */
  checkMs: number[];
  ownMs: number[];
}

export interface ConcurrentTimings {
  totalMs: number[];
  wallMs: number;
  concurrency: number;
  /** Charges the acquirer refused with 429 (too many concurrent requests); each is retried by the activity. */
  refusedCharges: number;
  /** CPU over the phase, per checkout, in ms: this process (API, worker), Temporal, PostgreSQL, the acquirer, the rest. */
  cpuPerCheckoutMs: { self: number; temporal: number; postgres: number; acquirer: number; others: number };
}

function assertPaid(result: CheckoutResult) {
  if (result.status !== 201 || result.subscriptionStatus !== 'active')
    throw new Error(`checkout answered ${result.status}, subscription ${result.subscriptionStatus ?? 'absent'}`);
}

const users = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

export async function sequentialCheckouts(
  client: CheckoutClient,
  spans: AcquirerSpans,
  n: number,
  prefix: string,
): Promise<SequentialTimings> {
  const tokens = await client.tokensFor(users(prefix, n));
  const timings: SequentialTimings = { totalMs: [], acquirerMs: [], checkMs: [], ownMs: [] };
  for (const token of tokens.values()) {
    const result = await client.checkout(token);
    assertPaid(result);
    const total = result.endMs - result.startMs;
    const acquirer = spans.acquirerMsBetween(result.startMs, result.endMs);
    timings.totalMs.push(total);
    timings.acquirerMs.push(acquirer);
    timings.checkMs.push(spans.checkMsBetween(result.startMs, result.endMs));
    timings.ownMs.push(total - acquirer);
  }
  return timings;
}

export async function concurrentCheckouts(
  client: CheckoutClient,
  spans: AcquirerSpans,
  n: number,
  concurrency: number,
  { prefix, postgresPort, sandboxPid }: { prefix: string; postgresPort: number; sandboxPid: number | undefined },
): Promise<ConcurrentTimings> {
  const tokens = [...(await client.tokensFor(users(prefix, n))).values()];
  const totalMs: number[] = [];
  const cpuBefore = sampleCpu(postgresPort, sandboxPid);
  const startMs = performance.now();
  await inBatches(tokens, concurrency, async (token) => {
    const result = await client.checkout(token);
    assertPaid(result);
    totalMs.push(result.endMs - result.startMs);
  });
  const endMs = performance.now();
  return {
    totalMs,
    wallMs: endMs - startMs,
    concurrency,
    refusedCharges: spans.refusedBetween(startMs, endMs),
    cpuPerCheckoutMs: cpuSplit(cpuBefore, sampleCpu(postgresPort, sandboxPid), n),
  };
}
