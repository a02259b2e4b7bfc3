// A closed loop of `concurrency` senders sharing `total` requests: each sender sends its next request as soon as
// the previous one is answered, so throughput is what the server sustains at that many in flight.
import { performance } from 'node:perf_hooks';
import { percentile } from './figures.js';

export interface LoopResult {
  sent: number;
  /** Requests answered 200, by index. */
  ok: boolean[];
  failures: Map<string, number>;
  latenciesMs: number[];
  elapsedMs: number;
}

export async function closedLoop(
  total: number,
  concurrency: number,
  send: (index: number) => Promise<number>,
): Promise<LoopResult> {
  const ok: boolean[] = new Array(total).fill(false);
  const failures = new Map<string, number>();
  const latenciesMs: number[] = [];
  let next = 0;
  const sender = async () => {
    while (next < total) {
      const index = next++;
      const started = performance.now();
      try {
        const status = await send(index);
        latenciesMs.push(performance.now() - started);
        if (status === 200) ok[index] = true;
        else failures.set(`HTTP ${status}`, (failures.get(`HTTP ${status}`) ?? 0) + 1);
      } catch (error) {
        const key = error instanceof Error ? error.message : String(error);
        failures.set(key, (failures.get(key) ?? 0) + 1);
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, sender));
  return { sent: total, ok, failures, latenciesMs, elapsedMs: performance.now() - started };
}

export interface LoopFigures {
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  answered: number;
  failed: number;
}

export function loopFigures(result: LoopResult): LoopFigures {
  const answered = result.ok.filter(Boolean).length;
  return {
    perSecond: answered / (result.elapsedMs / 1000),
    p50Ms: percentile(result.latenciesMs, 50),
    p99Ms: percentile(result.latenciesMs, 99),
    answered,
    failed: result.sent - answered,
  };
}
