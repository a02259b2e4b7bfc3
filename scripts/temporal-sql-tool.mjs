#!/usr/bin/env node
// Finds temporal-sql-tool and Temporal's SQL schema files (the pair the admin-tools image ships) in our versioned
// cache folder, or builds the tool there with Go from go.temporal.io/server and copies the schemas next to it. The
// version is the admin-tools image's in docker-compose.yml, so the schema job is tested with the tool it runs.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildFromServerModule, requireGo, TEMPORAL_SERVER_VERSION } from './lib/temporal-server-module.mjs';
import { pathFromEnvOrCache, toolCacheDir } from './lib/tool-cache.mjs';

export { TEMPORAL_SERVER_VERSION };

export const temporalSqlToolCacheDir = () => toolCacheDir('temporal-sql-tool', TEMPORAL_SERVER_VERSION);

/** `{ tool, schemaDir }` when both are there (the tool may come from TEMPORAL_SQL_TOOL_PATH), else undefined. */
export function findTemporalSqlTool() {
  const dir = temporalSqlToolCacheDir();
  const tool = pathFromEnvOrCache('TEMPORAL_SQL_TOOL_PATH', join(dir, 'temporal-sql-tool'));
  const schemaDir = join(dir, 'schema');
  return tool && existsSync(join(schemaDir, 'postgresql')) ? { tool, schemaDir } : undefined;
}

export function ensureTemporalSqlTool() {
  const found = findTemporalSqlTool();
  if (found) return found;
  const dir = temporalSqlToolCacheDir();
  requireGo('temporal-sql-tool', `run \`node scripts/temporal-sql-tool.mjs\` where Go is and copy ${dir} here`);
  console.log(`[bootstrap] building temporal-sql-tool ${TEMPORAL_SERVER_VERSION} into ${dir} (once)…`);
  buildFromServerModule(dir, { 'temporal-sql-tool': 'cmd/tools/sql' }, ['schema']);
  const built = findTemporalSqlTool();
  if (!built) throw new Error(`go build finished but ${dir} lacks temporal-sql-tool or schema/.`);
  return built;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify(ensureTemporalSqlTool()));
}
