import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { workflowBundleOptions } from '../../worker/create-worker.js';

/** workflows/ bundled as a worker would bundle it at start, written to `file` for WORKER_WORKFLOW_BUNDLE. */
export async function buildWorkflowBundle(file: string): Promise<string> {
  const { code } = await bundleWorkflowCode({ ...workflowBundleOptions, logger: new DefaultLogger('WARN') });
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, code);
  return file;
}
