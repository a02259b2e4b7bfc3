// Shared by both phases: the worker's lifetime, waiting for the runs to be parked on their timer before the due
// instant, and reading each renewing run's history once it has continued-as-new.
import type { Client } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import { inBatches, pollUntil } from './poll.js';
import { type RunSummary, summariseRun } from './run-history.js';

export interface PhaseOptions {
  n: number;
  /** From the start of the phase to the common due instant: time to seed and start every run. */
  leadMs: number;
  /** How long after the due instant the renewals may take before the phase gives up waiting. */
  budgetMs: number;
  /** The floor's runs carry the project's five search attributes (what indexing them costs Temporal). */
  floorSearchAttributes?: boolean;
}

export interface StartedRun {
  workflowId: string;
  runId: string;
}

/** Runs `body` while `worker` polls, and shuts the worker down (drained) before returning or throwing. */
export async function withRunningWorker<T>(worker: Worker, body: () => Promise<T>): Promise<T> {
  const running = worker.run();
  try {
    return await body();
  } finally {
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await running;
  }
}

/** Waits until every run has recorded its timer (its first workflow task is done) and says how many made it. */
export async function countParkedBefore(client: Client, runs: readonly StartedRun[], deadline: number) {
  let parked = 0;
  await inBatches(runs, 10, async (run) => {
    const { met } = await pollUntil(
      () => summariseRun(client, run.workflowId, run.runId),
      (s) => s.eventTypes.includes('TimerStarted'),
      { deadline, everyMs: 200 },
    );
    if (met) parked += 1;
  });
  return parked;
}

/** Waits for each run to close (continue-as-new) and summarises it; a run still open at the deadline is summarised as it is. */
export async function closedRunSummaries(client: Client, runs: readonly StartedRun[], deadline: number) {
  const summaries: RunSummary[] = [];
  await inBatches(runs, 10, async (run) => {
    const { value } = await pollUntil(
      () => summariseRun(client, run.workflowId, run.runId),
      (s) => s.closed,
      { deadline, everyMs: 200 },
    );
    summaries.push(value);
  });
  return summaries;
}

/** Resolves at `at` (a clock instant to measure from, not a wait for something to be ready). */
export const until = (at: Date) => new Promise((r) => setTimeout(r, Math.max(at.getTime() - Date.now(), 0)));
