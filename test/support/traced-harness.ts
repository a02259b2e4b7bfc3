// The whole stack on the run's Temporal dev server (real time, and the server's real limits, which the time-skipping
// server does not enforce), with the activity trace the invariant checks read. No schedules.

import { TestWorkflowEnvironment } from '@temporalio/testing';
import { inject } from 'vitest';
import type { Activities } from '../../activities/index.js';
import { createActivityGates } from './activity-gates.js';
import type { TracedHarness } from './invariants.js';
import { startStack } from './stack.js';

export async function startTracedHarness(overrides: Record<string, string> = {}): Promise<TracedHarness> {
  const gates = createActivityGates<Activities>();
  const stack = await startStack({
    overrides,
    worker: true,
    temporal: () => TestWorkflowEnvironment.createFromExistingServer({ address: inject('temporalAddress') }),
    activities: { now: () => new Date(), wrap: gates.wrap },
  });
  return {
    ...stack,
    trace: gates.trace,
    close: async () => {
      gates.releaseAll();
      await stack.close();
    },
  };
}
