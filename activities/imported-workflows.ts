// Starts the workflow of each subscription a batch imported: active, waiting for its period end. Its id is the
// subscription's (`subscription-<id>`), so a start repeated by a retried batch is refused by Temporal itself.
import { type Client, WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/client';
import { inArray } from 'drizzle-orm';
import type { Database } from '../db/create-db.js';
import { planSnapshotOf } from '../db/plan-snapshot.js';
import { plans } from '../db/schema/index.js';
import { importedSubscriptionState } from '../domain/subscription/imported.js';
import type { PlanSnapshot } from '../domain/subscription/state.js';
import { subscriptionStartAttributes } from '../workflows/search-attributes.js';
import type { SubscriptionWorkflowInput } from '../workflows/subscription/input.js';
import { subscriptionWorkflowId } from '../workflows/workflow-ids.js';

/** Where activities start workflows: the client and the task queue the workers serve. */
export interface WorkflowStarter {
  client: Pick<Client, 'workflow'>;
  taskQueue: string;
}

export interface ImportedSubscription {
  subscriptionId: string;
  userId: string;
  planId: string;
  currentPeriodEnd: Date;
}

export interface SubscriptionRunSettings {
  checkoutTtlMs: number;
  termUrl: string;
}

async function planSnapshots(db: Database, ids: string[]): Promise<Map<string, PlanSnapshot>> {
  const rows = await db.select().from(plans).where(inArray(plans.id, ids));
  return new Map(rows.map((p) => [p.id, planSnapshotOf(p)]));
}

/** Starts them all at once (one connection carries the calls); a workflow that exists already counts as started. */
export async function startImportedWorkflows(
  deps: { db: Database; temporal: WorkflowStarter },
  subscriptions: ImportedSubscription[],
  settings: SubscriptionRunSettings,
): Promise<number> {
  if (subscriptions.length === 0) return 0;
  const snapshots = await planSnapshots(deps.db, [...new Set(subscriptions.map((s) => s.planId))]);
  const results = await Promise.allSettled(
    subscriptions.map(async (s) => {
      const plan = snapshots.get(s.planId);
      if (!plan) throw new Error(`plan ${s.planId} of ${s.subscriptionId} has gone`);
      const input: SubscriptionWorkflowInput = {
        state: importedSubscriptionState(s.subscriptionId, s.userId, plan, s.currentPeriodEnd),
        ...settings,
        transition: 0,
        workflowRelease: 2,
      };
      try {
        await deps.temporal.client.workflow.start('subscriptionWorkflow', {
          workflowId: subscriptionWorkflowId(s.subscriptionId),
          taskQueue: deps.temporal.taskQueue,
          args: [input],
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
          typedSearchAttributes: subscriptionStartAttributes({
            userId: s.userId,
            subscriptionId: s.subscriptionId,
            status: 'active',
            planId: plan.id,
            nextChargeAt: s.currentPeriodEnd,
          }),
        });
        return true;
      } catch (error) {
        if (error instanceof WorkflowExecutionAlreadyStartedError) return false;
        throw error;
      }
    }),
  );
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return results.filter((r) => r.status === 'fulfilled' && r.value).length;
}
