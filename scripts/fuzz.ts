// `npm run fuzz`: Schemathesis fuzzes the API from its own OpenAPI document, once as an admin and once as a viewer (a
// user without roles), against a throwaway local stack (`npm start`'s script on free ports, state in a temp folder).
// Fails on any 5xx, undocumented status code or content type, or a body that breaks its documented schema.
//   npm run fuzz [-- --max-examples <n>] [--seed <n>] [--checks <list>|all]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/config.js';
import { devStack } from '../test/support/dev-stack-process.js';
import { mintToken } from './lib/mint-token.js';
import { runSchemathesis } from './lib/schemathesis-run.js';
import { ensureSchemathesis } from './lib/schemathesis-venv.mjs';

const { values } = parseArgs({
  options: { 'max-examples': { type: 'string', default: '50' }, seed: { type: 'string' }, checks: { type: 'string' } },
});
const maxExamples = Number(values['max-examples']);
const seed = values.seed;

let stack: Awaited<ReturnType<typeof devStack>> | undefined;
const dataDir = mkdtempSync(join(tmpdir(), 'billing-fuzz-'));
try {
  const st = ensureSchemathesis();
  // The throwaway stack serves this machine only (devStack passes our environment on).
  process.env.HOST ??= '127.0.0.1';
  // Past a limit every request is a 429 before validation: the fuzzer would stop reaching the handlers it is for.
  process.env.RATE_LIMIT_ENABLED ??= 'false';
  stack = await devStack(dataDir);
  const child = stack.start();
  console.log('[fuzz] starting the local stack…');
  await stack.untilServing(child, '/ready', 120_000);
  const { auth } = loadConfig();
  const callers = [
    { label: 'admin', token: await mintToken(auth, { sub: 'fuzz-admin', admin: true }) },
    { label: 'viewer', token: await mintToken(auth, { sub: 'fuzz-viewer' }) },
  ];
  const results = [];
  for (const caller of callers) {
    console.log(`\n[fuzz] as ${caller.label} (max ${maxExamples} examples per operation)…`);
    const result = await runSchemathesis({
      st,
      apiUrl: stack.apiUrl,
      maxExamples,
      seed,
      checks: values.checks,
      ...caller,
    });
    if (!result.passed) console.log(result.output);
    results.push(result);
  }
  await stack.interrupt(child);
  console.log('\n[fuzz] figures');
  for (const r of results) {
    console.log(`  ${r.label}: ${r.passed ? 'clean' : `FAILED (exit ${r.exitCode})`} in ${r.seconds} s`);
    console.log(r.summary.replace(/^/gm, '    '));
  }
  process.exitCode = results.every((r) => r.passed) ? 0 : 1;
} catch (error) {
  console.error(`\n[fuzz] ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
} finally {
  stack?.kill();
  rmSync(dataDir, { recursive: true, force: true });
}
