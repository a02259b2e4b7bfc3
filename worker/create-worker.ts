import { fileURLToPath } from 'node:url';
import { type NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { Activities } from '../activities/index.js';
import {
  type WorkflowSpanSink,
  workerTracingOptions,
  workflowTracingModules,
} from '../observability/temporal-tracing.js';

// Compiled (dist/worker/create-worker.js), the workflows beside it are JavaScript too.
const sourceExtension = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
export const workflowsPath = fileURLToPath(new URL(`../workflows/index.${sourceExtension}`, import.meta.url));

/** What a pre-built bundle is made of: the workflows and the tracing interceptors a worker adds when it bundles. */
export const workflowBundleOptions = { workflowsPath, workflowInterceptorModules: workflowTracingModules };

export interface WorkerDeps {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activities: Activities;
  /** A pre-built bundle (tests bundle once per run); without it the worker bundles `workflows/` itself. */
  workflowBundle?: { codePath: string } | undefined;
  identity?: string | undefined;
  /** Patch ids not to activate in new workflow code yet (TEMPORAL_PATCHES_HELD). */
  patchesHeld?: readonly string[] | undefined;
  options?: Partial<WorkerOptions>;
  /** Where workflow spans go (observability/tracing.ts); without, the interceptors still run and spans are dropped. */
  workflowSpans?: WorkflowSpanSink | undefined;
}

export function createWorker(deps: WorkerDeps): Promise<Worker> {
  return Worker.create({
    connection: deps.connection,
    namespace: deps.namespace,
    taskQueue: deps.taskQueue,
    activities: deps.activities,
    ...(deps.workflowBundle ? { workflowBundle: deps.workflowBundle } : { workflowsPath }),
    ...(deps.identity ? { identity: deps.identity } : {}),
    ...(deps.patchesHeld?.length ? { patchActivationCallback: holdBack(deps.patchesHeld) } : {}),
    ...workerTracingOptions(deps.workflowSpans, deps.workflowBundle !== undefined),
    ...deps.options,
  });
}

/** A held patch stays inactive in runs this worker starts; histories that recorded it still replay with it. */
const holdBack =
  (held: readonly string[]) =>
  ({ patchId }: { patchId: string }): boolean =>
    !held.includes(patchId);
