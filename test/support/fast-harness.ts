import type { Duration } from '@temporalio/common';
import { msToNumber } from '@temporalio/common/lib/time.js';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Activities } from '../../activities/index.js';
import { type ActivityGates, type ActivityTraceEntry, createActivityGates } from './activity-gates.js';
import { createServerClock } from './server-clock.js';
import { type Harness, startStack } from './stack.js';
import { startTimeSkippingServer } from './time-skipping-server.js';

export interface FastHarness extends Harness {
  /** This file's own time-skipping server. */
  env: TestWorkflowEnvironment;
  /** Skips the server's time forward (timers due meanwhile fire, and their activities run, in order). */
  advance(duration: Duration): Promise<void>;
  /**
   * Skips to `margin` (default one second) past an instant such as a period end or a deadline, and no further, so a
   * step due later (a dunning retry, the next deadline) has not happened yet. Nothing to skip if the server is past it.
   */
  advancePast(at: string | Date, margin?: Duration): Promise<void>;
  /** The server's current time, which workflows and activities live in. */
  now(): Promise<Date>;
  /** Hold an activity call at a step: `const g = h.gates.hold('chargeInvoice', { phase: 'before' })`. */
  gates: ActivityGates<Activities>;
  /** Every activity start and end so far, in order. */
  trace(): readonly ActivityTraceEntry[];
}

/**
 * The whole stack (real workflows, activities over PostgreSQL, sandbox acquirer and API over HTTP) on a time-skipping
 * server of this file's own, so a month passes in milliseconds. No schedules: the test server has none.
 */
export async function startFastHarness(
  overrides: Record<string, string> = {},
  options: { worker?: boolean } = {},
): Promise<FastHarness> {
  const gates = createActivityGates<Activities>();
  const clock = createServerClock();
  const stack = await startStack({
    overrides,
    worker: options.worker !== false,
    temporal: startTimeSkippingServer,
    activities: { now: clock.now, wrap: (real) => clock.follow(gates.wrap(real)) },
  });
  clock.readServerTime(() => stack.env.currentTimeMs());
  const advance = async (duration: Duration) => {
    const held = gates.held();
    // The server does not skip time while an activity runs: the skip would wait for a release that never comes.
    if (held.length > 0) throw new Error(`release ${held.join(', ')} before advancing time`);
    await stack.env.sleep(duration);
  };
  return {
    ...stack,
    advance,
    advancePast: async (at, margin = '1 second') => {
      const skip = new Date(at).getTime() + msToNumber(margin) - (await stack.env.currentTimeMs());
      if (skip > 0) await advance(skip);
    },
    now: async () => new Date(await stack.env.currentTimeMs()),
    gates,
    trace: gates.trace,
    close: async () => {
      gates.releaseAll();
      await stack.close();
    },
  };
}
