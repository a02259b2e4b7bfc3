// deploy/temporal/setup-schema.sh, compose's `temporal-schema` job, run for real: temporal-sql-tool of the version the
// admin-tools image ships (built from go.temporal.io/server, with that module's schema files) against a throwaway
// PostgreSQL, with the variables compose passes, twice.
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ensureTemporalSqlTool,
  TEMPORAL_SERVER_VERSION,
  type TemporalSqlTool,
} from '../../scripts/temporal-sql-tool.mjs';
import { loadCompose, repoFile } from '../support/deploy-files.js';
import { runSchemaJob } from '../support/temporal-setup-jobs.js';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../support/throwaway-postgres.js';

const DATABASES = { temporal: 'temporal', temporal_visibility: 'visibility' } as const;

/** `v1.18` → [1, 18]; the newest of a `versioned` folder is the version update-schema must reach. */
const parseVersion = (name: string) => name.replace(/^v/, '').split('.').map(Number);
const newestVersion = (versionedDir: string) =>
  readdirSync(versionedDir)
    .filter((name) => /^v\d+\.\d+$/.test(name))
    .map(parseVersion)
    .sort(([a = 0, b = 0], [c = 0, d = 0]) => a - c || b - d)
    .at(-1)
    ?.join('.');

describe('deploy/temporal/setup-schema.sh against PostgreSQL', () => {
  const binDir = mkdtempSync(join(tmpdir(), 'temporal-sql-tool-'));
  let sqlTool: TemporalSqlTool;
  let server: ThrowawayPostgres;

  const connect = (database: string) => {
    const url = new URL(server.url);
    url.pathname = `/${database}`;
    return postgres(url.toString(), { max: 1, onnotice: () => {} });
  };

  /** Everything the job writes: the version rows, the update log and the tables, per database. */
  const snapshot = async () => {
    const state: Record<string, unknown> = {};
    for (const database of Object.keys(DATABASES)) {
      const sql = connect(database);
      try {
        state[database] = {
          version: await sql`select db_name, curr_version, min_compatible_version, creation_time from schema_version`,
          history:
            await sql`select old_version, new_version, manifest_md5 from schema_update_history order by update_time`,
          tables: (
            await sql`select table_name from information_schema.tables where table_schema = 'public' order by 1`
          ).map((r) => r.table_name),
        };
      } finally {
        await sql.end();
      }
    }
    return state as Record<keyof typeof DATABASES, { version: unknown[]; history: unknown[]; tables: string[] }>;
  };

  const setupSchema = () => runSchemaJob(server.url, sqlTool, binDir);

  beforeAll(async () => {
    // The first run on a machine builds the tool (about 1.5 min on 2 cores); later runs find it in the cache.
    sqlTool = ensureTemporalSqlTool();
    symlinkSync(sqlTool.tool, join(binDir, 'temporal-sql-tool'));
    server = await startThrowawayPostgres();
  }, 600_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(binDir, { recursive: true, force: true });
  });

  it('the tool is the version of the admin-tools image compose runs the job in', () => {
    const image = loadCompose().services['temporal-schema']?.image ?? '';
    expect(image).toContain(`temporalio/admin-tools:${TEMPORAL_SERVER_VERSION.replace(/^v/, '')}-`);
    expect(repoFile('docker-compose.yml')).toContain(`temporalio/server:${TEMPORAL_SERVER_VERSION.replace(/^v/, '')}`);
  });

  it('creates both databases at the newest schema versions, then a second run exits 0 and changes nothing', async () => {
    const first = await setupSchema();
    expect(first.stdout).toContain('temporal-schema: up to date');

    const afterFirst = await snapshot();
    const schemaRoot = join(sqlTool.schemaDir, 'postgresql/v12');
    // What the server of this version checks at start (schema/postgresql/v12/version.go), the versioned dirs' newest.
    const serverExpects = readServerVersions(join(schemaRoot, 'version.go'));
    for (const [database, dir] of Object.entries(DATABASES) as [keyof typeof DATABASES, string][]) {
      const newest = newestVersion(join(schemaRoot, dir, 'versioned'));
      expect(newest).toBe(dir === 'temporal' ? serverExpects.Version : serverExpects.VisibilityVersion);
      expect(afterFirst[database].version).toEqual([
        expect.objectContaining({
          db_name: database,
          curr_version: newest,
          min_compatible_version: expect.any(String),
        }),
      ]);
      expect(afterFirst[database].history.at(-1)).toMatchObject({ new_version: newest });
    }
    expect(afterFirst.temporal.tables).toEqual(expect.arrayContaining(['executions', 'history_node', 'namespaces']));
    expect(afterFirst.temporal_visibility.tables).toContain('executions_visibility');

    const second = await setupSchema();
    expect(second.stdout).toContain('temporal-schema: up to date');
    expect(await snapshot()).toEqual(afterFirst);
  }, 300_000);
});

/** `const Version = "1.18"` and `const VisibilityVersion = "1.9"` from the module's version.go. */
function readServerVersions(path: string) {
  const text = readFileSync(path, 'utf8');
  const read = (name: string) => new RegExp(`const ${name} = "([^"]+)"`).exec(text)?.[1];
  return { Version: read('Version'), VisibilityVersion: read('VisibilityVersion') };
}
