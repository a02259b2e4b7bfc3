// The floor: N bare workflows (sleep, one write, continue-as-new) falling due together on the same server and
// database, measured the way the project is.
import { fileURLToPath } from 'node:url';
import { Worker } from '@temporalio/worker';
import { subscriptionStartAttributes } from '../../workflows/search-attributes.js';
import { bareRenewals, createBareRenewalActivities, createBareRenewalsTable } from './bare-renewal-activities.js';
import { bareRenewalWorkflow } from './bare-renewal-workflow.js';
import type { BenchStack } from './bench-stack.js';
import { coresBusy, sampleCpu } from './cpu-usage.js';
import type { PhaseResult } from './figures.js';
import {
  closedRunSummaries,
  countParkedBefore,
  type PhaseOptions,
  type StartedRun,
  until,
  withRunningWorker,
} from './measured-runs.js';
import { inBatches, pollUntil } from './poll.js';

const workflowsPath = fileURLToPath(new URL('./bare-renewal-workflow.ts', import.meta.url));
const TASK_QUEUE = 'bench-bare';

/** Values of the shape a subscription's run carries; continue-as-new keeps them for the next run. */
const projectLikeAttributes = (id: string, dueAt: Date) =>
  subscriptionStartAttributes({
    userId: `user-${id}`,
    subscriptionId: id,
    status: 'active',
    planId: 'monthly',
    nextChargeAt: dueAt,
  });

export async function runFloorPhase(stack: BenchStack, options: PhaseOptions): Promise<PhaseResult> {
  const { client, database } = stack;
  await createBareRenewalsTable(database.db);
  const worker = await Worker.create({
    connection: stack.workerConnection,
    namespace: stack.config.temporal.namespace,
    taskQueue: TASK_QUEUE,
    workflowsPath,
    activities: createBareRenewalActivities(database.db, () => new Date()),
  });
  return withRunningWorker(worker, async () => {
    const dueAt = new Date(Math.ceil((Date.now() + options.leadMs) / 1000) * 1000);
    const ids = Array.from({ length: options.n }, (_, i) => `bare-${String(i).padStart(5, '0')}`);
    const runs: StartedRun[] = [];
    await inBatches(ids, 10, async (id) => {
      const handle = await client.workflow.start(bareRenewalWorkflow, {
        workflowId: id,
        taskQueue: TASK_QUEUE,
        args: [{ id, dueAt: dueAt.toISOString() }],
        ...(options.floorSearchAttributes ? { typedSearchAttributes: projectLikeAttributes(id, dueAt) } : {}),
      });
      runs.push({ workflowId: handle.workflowId, runId: handle.firstExecutionRunId });
    });
    const parked = await countParkedBefore(client, runs, dueAt.getTime());
    if (parked < runs.length) console.warn(`floor: only ${parked}/${runs.length} runs were waiting at the due instant`);

    await until(dueAt);
    const cpuAtDue = sampleCpu(stack.postgresPort, stack.sandboxPid);
    const renewed = () => database.db.select({ renewedAt: bareRenewals.renewedAt }).from(bareRenewals);
    const { value } = await pollUntil(renewed, (rows) => rows.length >= options.n, {
      deadline: dueAt.getTime() + options.budgetMs,
      everyMs: 200,
    });
    const cpu = coresBusy(cpuAtDue, sampleCpu(stack.postgresPort, stack.sandboxPid));
    const summaries = await closedRunSummaries(client, runs, Date.now() + 60_000);
    return { name: 'floor', n: options.n, dueAt, persistedAt: value.map((r) => r.renewedAt), runs: summaries, cpu };
  });
}
