// When a worker is ready for traffic (its ops listener's /ready): running, and seen by Temporal polling its task
// queue. Once seen, it stays ready until it begins to shut down (a SIGTERM drains it: not ready from that moment).
import type { Client } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';

export interface ReadinessTarget {
  namespace: string;
  taskQueue: string;
  /** The worker's identity, as Temporal lists it among the task queue's pollers. */
  identity: string;
}

const WORKFLOW_TASK_QUEUE = 1; // TASK_QUEUE_TYPE_WORKFLOW

export function workerReadiness(
  worker: Pick<Worker, 'getState'>,
  client: Pick<Client, 'workflowService'>,
  target: ReadinessTarget,
) {
  let seenPolling = false;
  return async (): Promise<boolean> => {
    if (worker.getState() !== 'RUNNING') return false;
    if (seenPolling) return true;
    try {
      const answer = await client.workflowService.describeTaskQueue({
        namespace: target.namespace,
        taskQueue: { name: target.taskQueue },
        taskQueueType: WORKFLOW_TASK_QUEUE,
      });
      seenPolling = (answer.pollers ?? []).some((p) => p.identity === target.identity);
    } catch {
      // Temporal unreachable: not ready, asked again at the next probe.
    }
    return seenPolling && worker.getState() === 'RUNNING';
  };
}
