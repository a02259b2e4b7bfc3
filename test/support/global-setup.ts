import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { openDb } from '../../db/create-db.js';
import { installTemporalRuntime } from '../../runtime/temporal-runtime.js';
import { ensureTemporalCli } from '../../scripts/temporal-cli.mjs';
import { ensureTemporalServer } from '../../scripts/temporal-server.mjs';
import { ensureTemporalSqlTool } from '../../scripts/temporal-sql-tool.mjs';
import { ensureTemporalTestServer } from '../../scripts/temporal-test-server.mjs';
import { workflowBundleOptions } from '../../worker/create-worker.js';
import { BILLING_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes.js';
import { freePort } from './free-port.js';
import { LOG_CAPTURE_ENV } from './log-capture.js';
import { describeFindings, scanLogDir } from './log-scan.js';
import { UPDATES_PER_RUN } from './server-limits.js';
import { startThrowawayPostgres } from './throwaway-postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    temporalAddress: string;
    /** Temporal's time-skipping test server; each fast test file starts its own (see time-skipping-server.ts). */
    temporalTestServerPath: string;
    workflowBundlePath: string;
  }
}

/**
 * One PostgreSQL, one Temporal dev server and one workflow bundle per test run; all torn down at the end. The fast tier's
 * time-skipping servers are started per file, from the path resolved here.
 */
export default async function setup(project: TestProject) {
  installTemporalRuntime('silent');
  const cleanups: Array<() => Promise<void>> = [];
  const logDir = mkdtempSync(join(tmpdir(), 'billing-logs-'));
  // Test processes and the local stacks they start inherit it and write their logs there too.
  process.env[LOG_CAPTURE_ENV] = logDir;
  const teardown = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((e) => console.error('teardown:', e));
    // Scanned after everything stopped (nothing writes any more), then removed whatever the outcome.
    const report = scanLogDir(logDir);
    rmSync(logDir, { recursive: true, force: true });
    if (report.findings.length > 0) {
      // Vitest only prints a teardown error; the exit code is what makes the run (and CI) fail.
      process.exitCode = 1;
      throw new Error(describeFindings(report.findings));
    }
    console.log(`log capture: ${report.lines} lines in ${report.files} files, no secret, token or signature`);
  };
  try {
    const tmp = mkdtempSync(join(tmpdir(), 'billing-test-'));
    cleanups.push(async () => rmSync(tmp, { recursive: true, force: true }));

    const [postgres, temporal, bundle] = await Promise.all([
      process.env.TEST_DATABASE_URL ? undefined : startThrowawayPostgres(),
      TestWorkflowEnvironment.createLocal({
        server: {
          executable: { type: 'existing-path', path: ensureTemporalCli() },
          ip: '127.0.0.1',
          port: await freePort(),
          searchAttributes: BILLING_SEARCH_ATTRIBUTES,
          log: { format: 'pretty', level: 'error' },
          extraArgs: ['--dynamic-config-value', `history.maxTotalUpdates=${UPDATES_PER_RUN}`],
        },
      }),
      bundleWorkflowCode({ ...workflowBundleOptions, logger: new DefaultLogger('WARN') }),
    ]);
    if (postgres) cleanups.push(postgres.stop);
    cleanups.push(() => temporal.teardown());

    const databaseUrl = process.env.TEST_DATABASE_URL ?? postgres?.url ?? '';
    const db = await openDb({ url: databaseUrl, dataDir: tmp });
    await db.close();

    const workflowBundlePath = join(tmp, 'workflow-bundle.js');
    writeFileSync(workflowBundlePath, bundle.code);

    project.provide('databaseUrl', databaseUrl);
    project.provide('temporalAddress', temporal.address);
    project.provide('temporalTestServerPath', ensureTemporalTestServer());
    // The deployment tests' temporal-sql-tool and Temporal server, built from Go once per machine (about six minutes
    // cold on 2 cores): here, once, rather than by two test files at the same time inside their hooks.
    ensureTemporalSqlTool();
    ensureTemporalServer();
    project.provide('workflowBundlePath', workflowBundlePath);
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
