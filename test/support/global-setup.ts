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
import { workflowsPath } from '../../worker/create-worker.js';
import { BILLING_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes.js';
import { startThrowawayPostgres } from './throwaway-postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    temporalAddress: string;
    workflowBundlePath: string;
  }
}

/** One PostgreSQL, one Temporal dev server and one workflow bundle per test run; all torn down at the end. */
export default async function setup(project: TestProject) {
  installTemporalRuntime('silent');
  const cleanups: Array<() => Promise<void>> = [];
  const teardown = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((e) => console.error('teardown:', e));
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
          searchAttributes: BILLING_SEARCH_ATTRIBUTES,
          log: { format: 'pretty', level: 'error' },
        },
      }),
      bundleWorkflowCode({ workflowsPath, logger: new DefaultLogger('WARN') }),
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
    project.provide('workflowBundlePath', workflowBundlePath);
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
