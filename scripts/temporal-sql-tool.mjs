#!/usr/bin/env node
// Finds temporal-sql-tool and Temporal's SQL schema files (the pair the admin-tools image ships) in our versioned
// cache folder, or builds the tool there with Go from go.temporal.io/server and copies the schemas next to it. The
// version is the admin-tools image's in docker-compose.yml, so the schema job is tested with the tool it runs.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { pathFromEnvOrCache, toolCacheDir } from './lib/tool-cache.mjs';

export const TEMPORAL_SERVER_VERSION = 'v1.29.1';
const MODULE = 'go.temporal.io/server';

export const temporalSqlToolCacheDir = () => toolCacheDir('temporal-sql-tool', TEMPORAL_SERVER_VERSION);

/** `{ tool, schemaDir }` when both are there (the tool may come from TEMPORAL_SQL_TOOL_PATH), else undefined. */
export function findTemporalSqlTool() {
  const dir = temporalSqlToolCacheDir();
  const tool = pathFromEnvOrCache('TEMPORAL_SQL_TOOL_PATH', join(dir, 'temporal-sql-tool'));
  const schemaDir = join(dir, 'schema');
  return tool && existsSync(join(schemaDir, 'postgresql')) ? { tool, schemaDir } : undefined;
}

const goEnv = (extra = {}) => ({ ...process.env, GOFLAGS: process.env.GOFLAGS ?? '-mod=mod', ...extra });

/** Builds the tool in a throwaway module that requires the server module, and copies that module's schema/. */
function buildInto(dir) {
  const work = mkdtempSync(join(tmpdir(), 'temporal-sql-tool-build-'));
  try {
    writeFileSync(
      join(work, 'go.mod'),
      `module temporalsqltoolbuild\n\ngo 1.23\n\nrequire ${MODULE} ${TEMPORAL_SERVER_VERSION}\n`,
    );
    execFileSync('go', ['build', '-o', join(dir, 'temporal-sql-tool'), `${MODULE}/cmd/tools/sql`], {
      cwd: work,
      stdio: 'inherit',
      env: goEnv(),
    });
    const moduleDir = execFileSync('go', ['list', '-m', '-f', '{{.Dir}}', MODULE], {
      cwd: work,
      encoding: 'utf8',
      env: goEnv(),
    }).trim();
    // The module cache is read-only; a copy we own can be deleted with the cache folder.
    rmSync(join(dir, 'schema'), { recursive: true, force: true });
    execFileSync('cp', ['-R', join(moduleDir, 'schema'), join(dir, 'schema')]);
    execFileSync('chmod', ['-R', 'u+w', join(dir, 'schema')]);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export function ensureTemporalSqlTool() {
  const found = findTemporalSqlTool();
  if (found) return found;
  const hasGo = spawnSync('sh', ['-c', 'command -v go'], { stdio: 'ignore' }).status === 0;
  if (!hasGo) {
    throw new Error(
      'temporal-sql-tool is not built and Go is not available to build it.\n' +
        'Install Go (>= 1.23, https://go.dev/doc/install) so that the test can build it (once, about a minute), ' +
        `or build it yourself into ${temporalSqlToolCacheDir()} with this script.`,
    );
  }
  const dir = temporalSqlToolCacheDir();
  mkdirSync(dir, { recursive: true });
  console.log(`[bootstrap] building temporal-sql-tool ${TEMPORAL_SERVER_VERSION} into ${dir} (once)…`);
  buildInto(dir);
  const built = findTemporalSqlTool();
  if (!built) throw new Error(`go build finished but ${dir} lacks temporal-sql-tool or schema/.`);
  return built;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify(ensureTemporalSqlTool()));
}
