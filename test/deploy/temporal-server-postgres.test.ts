// Compose's Temporal, end to end without Docker: setup-schema.sh on a throwaway PostgreSQL, the Temporal server of the
// image's version started against it from the image's config template with compose's `temporal` variables, then
// setup-namespace.sh with compose's `temporal-namespace` variables. What the server stores lands in that PostgreSQL.
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTemporalCli } from '../../scripts/temporal-cli.mjs';
import { ensureTemporalServer } from '../../scripts/temporal-server.mjs';
import { ensureTemporalSqlTool } from '../../scripts/temporal-sql-tool.mjs';
import { BILLING_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes.js';
import { startTemporalServer, type TemporalServerProcess } from '../support/temporal-server-process.js';
import { composeEnvironment, runNamespaceJob, runSchemaJob } from '../support/temporal-setup-jobs.js';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../support/throwaway-postgres.js';

const DAY_SECONDS = 86_400;

describe('compose Temporal: schema job, server on PostgreSQL, namespace job', () => {
  const binDir = mkdtempSync(join(tmpdir(), 'temporal-deploy-'));
  let database: ThrowawayPostgres;
  let server: TemporalServerProcess;
  let connection: Connection | undefined;

  beforeAll(async () => {
    // First run on a machine: builds temporal-sql-tool and the server with Go (about 1.5 and 4 minutes).
    symlinkSync(ensureTemporalSqlTool().tool, join(binDir, 'temporal-sql-tool'));
    symlinkSync(ensureTemporalCli(), join(binDir, 'temporal'));
    const build = ensureTemporalServer();
    database = await startThrowawayPostgres();
    await runSchemaJob(database.url, ensureTemporalSqlTool(), binDir);
    const url = new URL(database.url);
    const compose = composeEnvironment('temporal', { POSTGRES_PASSWORD: 'trust-auth-ignores-it' });
    // The template reads the visibility store's port from POSTGRES_PORT, the main store's from DB_PORT.
    expect(compose.POSTGRES_PORT).toBe(compose.DB_PORT);
    server = await startTemporalServer(build, {
      ...compose,
      POSTGRES_SEEDS: url.hostname,
      DB_PORT: url.port,
      POSTGRES_PORT: url.port,
      POSTGRES_USER: decodeURIComponent(url.username),
    });
  }, 900_000);
  afterAll(async () => {
    await connection?.close();
    await server?.stop();
    await database?.stop();
    rmSync(binDir, { recursive: true, force: true });
  });

  it('the namespace job creates compose’s namespace with its retention and search attributes, stored in PostgreSQL', async () => {
    const namespace = composeEnvironment('temporal-namespace').TEMPORAL_NAMESPACE ?? '';
    // The job waits for the server itself (deadline TEMPORAL_SETUP_WAIT_SECONDS); a server that dies fails at once.
    const job = runNamespaceJob(server.address, binDir);
    const died = server.exited.then((code) => {
      throw new Error(`temporal-server exited (${code}) while the namespace job ran:\n${server.output().slice(-4000)}`);
    });
    // Handled here: the server exits on purpose in afterAll, after the race is over.
    died.catch(() => {});
    const { stdout } = await Promise.race([job, died]);
    expect(stdout).toContain(`${namespace} created, retention 2160h`);

    connection = await Connection.connect({ address: server.address });
    const described = await connection.workflowService.describeNamespace({ namespace });
    expect(Number(described.config?.workflowExecutionRetentionTtl?.seconds)).toBe(90 * DAY_SECONDS);
    const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
    expect(Object.keys(customAttributes ?? {}).sort()).toEqual(BILLING_SEARCH_ATTRIBUTES.map((key) => key.name).sort());

    const url = new URL(database.url);
    url.pathname = '/temporal';
    const sql = postgres(url.toString(), { max: 1, onnotice: () => {} });
    try {
      const rows = await sql`select name from namespaces where name = ${namespace}`;
      expect(rows.map((r) => r.name)).toEqual([namespace]);
    } finally {
      await sql.end();
    }
  }, 120_000);
});
