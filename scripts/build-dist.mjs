#!/usr/bin/env node
// `npm run build`: the production code in dist/, laid out like the sources (`node dist/api/main.js`,
// `node dist/worker/main.js`, `node dist/sandbox/main.js`), with what the compiled code reads beside it: the SQL
// migrations (db/create-db.ts finds them next to itself) and the workflow bundle the worker loads through
// WORKER_WORKFLOW_BUNDLE. `npm run build -- <dir>` writes elsewhere (tests build into a temporary directory).
import { execFileSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = resolve(process.argv[2] ?? join(root, 'dist'));
const bin = (name) => join(root, 'node_modules', '.bin', name);
const run = (file, args) => execFileSync(file, args, { cwd: root, stdio: 'inherit' });

// A file removed from the sources must not survive in dist/ from an earlier build.
rmSync(outDir, { recursive: true, force: true });
run(bin('tsc'), ['-p', 'tsconfig.build.json', '--outDir', outDir]);
cpSync(join(root, 'db', 'migrations'), join(outDir, 'db', 'migrations'), { recursive: true });
// Bundled from the same sources with tsx, a build-time tool only: the image's runtime stage has no tsx.
run(bin('tsx'), ['scripts/build-workflow-bundle.ts', join(outDir, 'workflow-bundle.js')]);
