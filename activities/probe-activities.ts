import type { Database } from '../db/create-db.js';
import { probes } from '../db/schema/index.js';
import type { ProbeInput } from '../workflows/probe-workflow.js';
import { probeWorkflowId } from '../workflows/workflow-ids.js';

export interface ProbeActivityDeps {
  db: Database;
  workerIdentity: string;
  now: () => Date;
}

export function createProbeActivities({ db, workerIdentity, now }: ProbeActivityDeps) {
  return {
    /** Idempotent: a retried attempt finds the row already there and leaves it as the first attempt wrote it. */
    async recordProbe(input: ProbeInput): Promise<void> {
      const at = now();
      await db
        .insert(probes)
        .values({
          id: input.probeId,
          requestedBy: input.requestedBy,
          status: 'completed',
          workflowId: probeWorkflowId(input.probeId),
          workerIdentity,
          createdAt: at,
          completedAt: at,
        })
        .onConflictDoNothing({ target: probes.id });
    },
  };
}
