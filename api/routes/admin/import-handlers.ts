import { WorkflowIdReusePolicy } from '@temporalio/client';
import { createTokenSeal } from '../../../db/token-seal.js';
import { subscriptionImportWorkflow } from '../../../workflows/subscription-import-workflow.js';
import { subscriptionImportWorkflowId } from '../../../workflows/workflow-ids.js';
import type { App, AppDeps } from '../../app-env.js';
import { validationFailed } from '../../error-handler.js';
import { dropImportJob, newImportJobId, readImportJob, storeImportJob } from './import-jobs.js';
import { getSubscriptionImport, importSubscriptions } from './import-routes.js';

/** Rows per batch activity (one transaction, then that many workflow starts), and batches per workflow run. */
export const IMPORT_BATCH_SIZE = 200;
export const IMPORT_BATCHES_PER_RUN = 25;

/** Bulk import of existing subscribers: the API stores the job and starts its one workflow; nothing else. */
export function registerImportRoutes(app: App, deps: AppDeps) {
  const { db, temporal, config } = deps;
  const seal = createTokenSeal(config.inboxEncryptionKey);

  app.openapi(
    importSubscriptions,
    async (c) => {
      const { items } = c.req.valid('json');
      const id = newImportJobId();
      const requestedBy = c.get('principal').userId;
      await storeImportJob(db, { id, requestedBy, defaultAcquirer: deps.acquirers.defaultName, seal }, items);
      try {
        await temporal.workflow.start(subscriptionImportWorkflow, {
          workflowId: subscriptionImportWorkflowId(id),
          taskQueue: config.temporal.taskQueue,
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
          args: [
            {
              jobId: id,
              total: items.length,
              offset: 0,
              batchSize: IMPORT_BATCH_SIZE,
              batchesPerRun: IMPORT_BATCHES_PER_RUN,
              subscription: {
                checkoutTtlMs: config.checkoutTtlMs,
                termUrl: `${config.http.publicBaseUrl}/v1/payments/3ds/callback`,
              },
            },
          ],
        });
      } catch (error) {
        await dropImportJob(db, id);
        throw error;
      }
      return c.json(await readImportJob(db, id), 202);
    },
    // The contract answers a malformed import with 422 (nothing is stored), not the house 400.
    (result, c) => {
      if (!result.success) return validationFailed(c, result.error, result.target, 422);
    },
  );

  app.openapi(getSubscriptionImport, async (c) => c.json(await readImportJob(db, c.req.valid('param').id), 200));
}
