// The floor: the least a renewal can cost on Temporal. Sleep until due, one activity that writes one row,
// continue-as-new into the next period. Bundled on its own, apart from workflows/.
import { continueAsNew, proxyActivities, sleep } from '@temporalio/workflow';
import type { BareRenewalActivities } from './bare-renewal-activities.js';

export interface BareRenewalInput {
  id: string;
  dueAt: string;
}

const { recordBareRenewal } = proxyActivities<BareRenewalActivities>({ startToCloseTimeout: '30 seconds' });

const PERIOD_MS = 30 * 86_400_000;

export async function bareRenewalWorkflow(input: BareRenewalInput): Promise<void> {
  await sleep(Math.max(Date.parse(input.dueAt) - Date.now(), 0));
  await recordBareRenewal(input);
  await continueAsNew<typeof bareRenewalWorkflow>({
    ...input,
    dueAt: new Date(Date.parse(input.dueAt) + PERIOD_MS).toISOString(),
  });
}
