// The project: N seeded subscriptions whose paid period ends at one instant, renewed by the real subscription
// workflow and activities against the sandbox acquirer; a renewal counts once its invoice is paid in PostgreSQL.
import { and, eq } from 'drizzle-orm';
import { loadPlanSnapshot } from '../../api/routes/subscriptions/views.js';
import { invoices } from '../../db/schema/index.js';
import { createWorker } from '../../worker/create-worker.js';
import { billingSubscriptionId, billingUserId } from '../../workflows/search-attributes.js';
import { subscriptionWorkflow } from '../../workflows/subscription-workflow.js';
import { subscriptionWorkflowId } from '../../workflows/workflow-ids.js';
import { createBenchActivities } from './bench-activities.js';
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
import { dueRenewalInput, paidPeriodEndingAt, type SubscriptionIds } from './renewal-input.js';
import { summariseRun } from './run-history.js';
import { processedPayNotifications, seedPaidSubscriptions } from './seed-subscriptions.js';

export async function runProjectPhase(stack: BenchStack, options: PhaseOptions): Promise<PhaseResult> {
  const { config, database, client } = stack;
  const { db } = database;
  const activities = createBenchActivities(stack, 'bench-worker');
  const worker = await createWorker({ connection: stack.workerConnection, ...config.temporal, activities });
  return withRunningWorker(worker, async () => {
    const plan = await loadPlanSnapshot(db, 'monthly', { requireActive: true });
    const dueAt = new Date(Math.ceil((Date.now() + options.leadMs) / 1000) * 1000);
    const period = paidPeriodEndingAt(plan, dueAt);
    const subscriptions: SubscriptionIds[] = Array.from({ length: options.n }, (_, i) => ({
      subscriptionId: `sub_bench_${String(i).padStart(5, '0')}`,
      userId: `bench-user-${i}`,
    }));
    await seedPaidSubscriptions(db, activities, subscriptions, { plan, period, config, sandboxUrl: stack.sandboxUrl });

    const runs: StartedRun[] = [];
    await inBatches(subscriptions, 10, async (ids) => {
      const handle = await client.workflow.start(subscriptionWorkflow, {
        workflowId: subscriptionWorkflowId(ids.subscriptionId),
        taskQueue: config.temporal.taskQueue,
        args: [dueRenewalInput(ids, plan, period, config)],
        typedSearchAttributes: [
          { key: billingUserId, value: ids.userId },
          { key: billingSubscriptionId, value: ids.subscriptionId },
        ],
      });
      runs.push({ workflowId: handle.workflowId, runId: handle.firstExecutionRunId });
    });
    const parked = await countParkedBefore(client, runs, dueAt.getTime());
    if (parked < runs.length)
      console.warn(`project: only ${parked}/${runs.length} runs were waiting at the due instant`);

    await until(dueAt);
    const cpuAtDue = sampleCpu(stack.postgresPort, stack.sandboxPid);
    const paidRenewals = () =>
      db
        .select({ paidAt: invoices.paidAt })
        .from(invoices)
        .where(and(eq(invoices.kind, 'renewal'), eq(invoices.status, 'paid')));
    const { value: paid } = await pollUntil(paidRenewals, (rows) => rows.length >= options.n, {
      deadline: dueAt.getTime() + options.budgetMs,
      everyMs: 200,
    });
    const cpu = coresBusy(cpuAtDue, sampleCpu(stack.postgresPort, stack.sandboxPid));
    const settle = Date.now() + 60_000;
    const summaries = await closedRunSummaries(client, runs, settle);
    // Every renewal's `pay` notification (N more than the seeding's) has been through the API: its signal is
    // now in the renewing run or in the next one.
    await pollUntil(
      () => processedPayNotifications(db),
      (n) => n >= 2 * options.n,
      { deadline: settle },
    );
    let signalsInNextRun = 0;
    await inBatches(runs, 10, async ({ workflowId }) => {
      if ((await summariseRun(client, workflowId)).signals.includes('paymentResult')) signalsInNextRun += 1;
    });
    return {
      name: 'project',
      n: options.n,
      dueAt,
      persistedAt: paid.flatMap((row) => row.paidAt ?? []),
      runs: summaries,
      signalsInNextRun,
      cpu,
    };
  });
}
