// `npm run build:workflows [-- <file>]`: the workflow code bundled once, ahead of time (default
// dist/workflow-bundle.js), for workers started with WORKER_WORKFLOW_BUNDLE=<file>. Build it from the same sources
// the worker runs (the Dockerfile does, in the image): a bundle older than the code would run old workflow code.
import { resolve } from 'node:path';
import { buildWorkflowBundle } from './lib/workflow-bundle.js';

const file = await buildWorkflowBundle(resolve(process.argv[2] ?? 'dist/workflow-bundle.js'));
console.log(`workflow bundle written to ${file}`);
