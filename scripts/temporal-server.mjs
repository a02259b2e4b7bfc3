#!/usr/bin/env node
// Finds the Temporal server (the binary and config/ of the temporalio/server image's version, docker.yaml being the
// template that image renders from its environment) in our versioned cache folder, or builds it there with Go.
// Only test/deploy/temporal-server-postgres.test.ts needs it: the first build takes about 4 minutes on 2 cores.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildFromServerModule, requireGo, TEMPORAL_SERVER_VERSION } from './lib/temporal-server-module.mjs';
import { toolCacheDir } from './lib/tool-cache.mjs';

export const temporalServerCacheDir = () => toolCacheDir('temporal-server', TEMPORAL_SERVER_VERSION);

/** `{ server, root }` (`--root` for the server: config/docker.yaml, config/dynamicconfig/) when built, else undefined. */
export function findTemporalServer() {
  const root = temporalServerCacheDir();
  const server = join(root, 'temporal-server');
  return existsSync(server) && existsSync(join(root, 'config/docker.yaml')) ? { server, root } : undefined;
}

export function ensureTemporalServer() {
  const found = findTemporalServer();
  if (found) return found;
  const dir = temporalServerCacheDir();
  requireGo('The Temporal server', `run \`node scripts/temporal-server.mjs\` where Go is and copy ${dir} here`);
  console.log(`[bootstrap] building the Temporal server ${TEMPORAL_SERVER_VERSION} into ${dir} (once; ~4 minutes)…`);
  buildFromServerModule(dir, { 'temporal-server': 'cmd/server' }, ['config']);
  const built = findTemporalServer();
  if (!built) throw new Error(`go build finished but ${dir} lacks temporal-server or config/docker.yaml.`);
  return built;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify(ensureTemporalServer()));
}
