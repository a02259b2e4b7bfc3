import { and, asc, eq } from 'drizzle-orm';
import type { Acquirers } from '../acquiring/registry.js';
import type { Database } from '../db/create-db.js';
import { subscriptionImportJobs, subscriptionImportRows } from '../db/schema/index.js';
import { createTokenSeal } from '../db/token-seal.js';
import { importOpenRows } from './import-batch-rows.js';
import { batchRange } from './import-row-verdicts.js';
import { type SubscriptionRunSettings, startImportedWorkflows, type WorkflowStarter } from './imported-workflows.js';

export interface SubscriptionImportDeps {
  db: Database;
  acquirers: Acquirers;
  temporal: WorkflowStarter;
  now: () => Date;
  inboxEncryptionKey: string;
}

export interface ImportBatchInput {
  jobId: string;
  offset: number;
  limit: number;
  subscription: SubscriptionRunSettings;
}

export function createSubscriptionImportActivities(deps: SubscriptionImportDeps) {
  const seal = createTokenSeal(deps.inboxEncryptionKey);
  const acquirerCurrencies = new Map(deps.acquirers.all().map((a) => [a.name, a.capabilities.currencies]));
  return {
    /**
     * Rows [offset, offset + limit) of a job: their outcomes and subscriptions in one transaction, then the workflows
     * of those it imported. A retry finds the outcomes written and only starts what is not running yet.
     */
    async importSubscriberBatch(input: ImportBatchInput): Promise<{ started: number }> {
      const { db } = deps;
      const range = batchRange(input.jobId, input.offset, input.limit);
      const rows = await db
        .select()
        .from(subscriptionImportRows)
        .where(range)
        .orderBy(asc(subscriptionImportRows.rowIndex));
      const open = rows.filter((r) => r.outcome === null);
      if (open.length > 0) {
        const ctx = { now: deps.now(), seal, acquirerCurrencies };
        await db.transaction((tx) => importOpenRows(tx, input.jobId, open, ctx));
      }
      const imported = await db
        .select()
        .from(subscriptionImportRows)
        .where(and(range, eq(subscriptionImportRows.outcome, 'imported')));
      const subscriptions = imported.map((r) => ({
        subscriptionId: r.subscriptionId ?? '',
        userId: r.userId,
        planId: r.planId,
        currentPeriodEnd: r.currentPeriodEnd,
      }));
      return { started: await startImportedWorkflows(deps, subscriptions, input.subscription) };
    },

    async completeSubscriptionImport({ jobId }: { jobId: string }) {
      const at = deps.now();
      await deps.db
        .update(subscriptionImportJobs)
        .set({ status: 'completed', completedAt: at, updatedAt: at })
        .where(and(eq(subscriptionImportJobs.id, jobId), eq(subscriptionImportJobs.status, 'running')));
    },
  };
}
