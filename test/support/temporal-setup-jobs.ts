// Compose's one-shot Temporal jobs (deploy/temporal/*.sh) run as the admin-tools image runs them: the tools on PATH
// (symlinked into `binDir`), the variables of their compose service, pointed at what the test started.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TemporalSqlTool } from '../../scripts/temporal-sql-tool.mjs';
import { interpolateDeep, loadCompose, REPO_ROOT } from './deploy-files.js';

const run = promisify(execFile);

/** A compose service's `environment:`, interpolated as compose does with `vars` as the .env. */
export function composeEnvironment(service: string, vars: Record<string, string> = {}): Record<string, string> {
  const environment = interpolateDeep(loadCompose().services[service]?.environment ?? {}, vars);
  return Object.fromEntries(Object.entries(environment).map(([k, v]) => [k, String(v)]));
}

const job = (script: string, binDir: string, env: Record<string, string>) =>
  run('sh', [join(REPO_ROOT, 'deploy/temporal', script)], {
    env: { PATH: `${binDir}:${process.env.PATH ?? ''}`, HOME: binDir, ...env },
    timeout: 120_000,
  });

/** setup-schema.sh against the PostgreSQL at `databaseUrl`, with the tool's own schema files. */
export function runSchemaJob(databaseUrl: string, sqlTool: TemporalSqlTool, binDir: string) {
  const url = new URL(databaseUrl);
  return job('setup-schema.sh', binDir, {
    ...composeEnvironment('temporal-schema', { POSTGRES_PASSWORD: 'trust-auth-ignores-it' }),
    POSTGRES_SEEDS: url.hostname,
    DB_PORT: url.port,
    POSTGRES_USER: decodeURIComponent(url.username),
    TEMPORAL_SCHEMA_DIR: join(sqlTool.schemaDir, 'postgresql/v12'),
  });
}

/** setup-namespace.sh against the frontend at `address`. */
export function runNamespaceJob(address: string, binDir: string, env: Record<string, string> = {}) {
  return job('setup-namespace.sh', binDir, {
    ...composeEnvironment('temporal-namespace'),
    TEMPORAL_ADDRESS: address,
    TEMPORAL_SETUP_WAIT_SECONDS: '60',
    ...env,
  });
}
