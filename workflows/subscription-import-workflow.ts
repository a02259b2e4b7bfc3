// One bulk import (`subscription-import-<jobId>`): its rows wait in the database and go through in batches, each one
// activity (one transaction, then the imported subscriptions' workflows). History holds only the job id and offsets;
// a long job continues-as-new every few batches so it stays small.
import { continueAsNew, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { SubscriptionRunSettings } from '../activities/imported-workflows.js';
import type { Activities } from '../activities/index.js';

export interface SubscriptionImportInput {
  jobId: string;
  total: number;
  /** The first row this run takes. */
  offset: number;
  batchSize: number;
  /** Batches per run before it continues-as-new. */
  batchesPerRun: number;
  /** What every imported subscription's workflow starts with besides its state. */
  subscription: SubscriptionRunSettings;
}

const { importSubscriberBatch, completeSubscriptionImport } = proxyActivities<Activities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', backoffCoefficient: 2 },
});

export async function subscriptionImportWorkflow(input: SubscriptionImportInput): Promise<void> {
  let { offset } = input;
  for (let batches = 0; offset < input.total; batches += 1) {
    if (batches === input.batchesPerRun || workflowInfo().continueAsNewSuggested) {
      return continueAsNew<typeof subscriptionImportWorkflow>({ ...input, offset });
    }
    await importSubscriberBatch({
      jobId: input.jobId,
      offset,
      limit: input.batchSize,
      subscription: input.subscription,
    });
    offset += input.batchSize;
  }
  await completeSubscriptionImport({ jobId: input.jobId });
}
