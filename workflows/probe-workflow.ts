import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';

export interface ProbeInput {
  probeId: string;
  requestedBy: string;
}

const { recordProbe } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '10 seconds', maximumAttempts: 5 },
});

/** Round trip API → Temporal → worker → database; its id is `probe-<probeId>`. */
export async function probeWorkflow(input: ProbeInput): Promise<{ probeId: string }> {
  await recordProbe(input);
  return { probeId: input.probeId };
}
