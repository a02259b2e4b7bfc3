// deploy/temporal/setup-namespace.sh, the job compose and Kubernetes run before the billing containers start, run for
// real with the Temporal CLI against the test run's Temporal server, on a namespace of its own.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ensureTemporalCli } from '../../scripts/temporal-cli.mjs';
import { searchAttributeFlags } from '../../workflows/search-attributes.js';
import { REPO_ROOT, repoFile } from '../support/deploy-files.js';

const SCRIPT = 'deploy/temporal/setup-namespace.sh';
const DAY_SECONDS = 86_400;
const run = promisify(execFile);

/** The `Name=Type` pairs the script registers (its one `for attribute in …` line). */
const scriptAttributes = () =>
  [...(/for attribute in ([^;]+);/.exec(repoFile(SCRIPT))?.[1] ?? '').matchAll(/(\w+=\w+)/g)].map((m) => m[1]);

describe('deploy/temporal/setup-namespace.sh', () => {
  const namespace = `deploy-setup-${randomUUID().slice(0, 8)}`;
  const binDir = mkdtempSync(join(tmpdir(), 'temporal-cli-'));
  let connection: Connection;

  /** The script as the admin-tools image runs it: `temporal` on PATH, settings from the environment. */
  const setup = (retention: string) =>
    run('sh', [join(REPO_ROOT, SCRIPT)], {
      env: {
        PATH: `${binDir}:${process.env.PATH ?? ''}`,
        HOME: binDir,
        TEMPORAL_ADDRESS: inject('temporalAddress'),
        TEMPORAL_NAMESPACE: namespace,
        TEMPORAL_NAMESPACE_RETENTION: retention,
        TEMPORAL_SETUP_WAIT_SECONDS: '30',
      },
      timeout: 60_000,
    });

  const retentionSeconds = async () => {
    const answer = await connection.workflowService.describeNamespace({ namespace });
    return Number(answer.config?.workflowExecutionRetentionTtl?.seconds ?? 0);
  };

  beforeAll(async () => {
    symlinkSync(ensureTemporalCli(), join(binDir, 'temporal'));
    connection = await Connection.connect({ address: inject('temporalAddress') });
  });
  afterAll(async () => {
    await connection?.close();
    rmSync(binDir, { recursive: true, force: true });
  });

  it.each(['deploy/temporal/setup-schema.sh', SCRIPT])('%s parses as POSIX sh (dash -n)', async (path) => {
    await expect(run('dash', ['-n', join(REPO_ROOT, path)])).resolves.toMatchObject({ stderr: '' });
  });

  it('registers exactly the search attributes of workflows/search-attributes.ts', () => {
    const flags = searchAttributeFlags().filter((f) => f !== '--search-attribute');
    expect(scriptAttributes()).toEqual(flags);
  });

  it('creates the namespace with its retention and the search attributes, then on a second run only sets the retention', async () => {
    await setup('90d');
    expect(await retentionSeconds()).toBe(90 * DAY_SECONDS);
    const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
    const registered = Object.keys(customAttributes ?? {});
    for (const pair of scriptAttributes()) expect(registered).toContain(pair?.split('=')[0]);

    const again = await setup('400d');
    expect(again.stdout).toContain(`${namespace} exists, retention set to 9600h`);
    expect(again.stdout).toContain('search attribute BillingNextChargeAt already registered');
    expect(await retentionSeconds()).toBe(400 * DAY_SECONDS);
  }, 120_000);
});
