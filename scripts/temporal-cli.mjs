#!/usr/bin/env node
// Finds the Temporal CLI (TEMPORAL_CLI_PATH, a `temporal` on PATH, or our versioned cache folder) or builds it
// there with `go install`. The cache lives outside the clone so every checkout, CI's fresh one included, reuses it.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { pathFromEnvOrCache, toolCacheDir } from './lib/tool-cache.mjs';

export const TEMPORAL_CLI_VERSION = 'v1.5.1';

export const temporalCacheDir = () => toolCacheDir('temporal-cli', TEMPORAL_CLI_VERSION);

export function findTemporalCli() {
  const found = pathFromEnvOrCache('TEMPORAL_CLI_PATH', join(temporalCacheDir(), 'temporal'));
  if (found) return found;
  const onPath = spawnSync('sh', ['-c', 'command -v temporal'], { encoding: 'utf8' });
  if (onPath.status === 0 && onPath.stdout.trim()) return onPath.stdout.trim();
  return undefined;
}

export function ensureTemporalCli() {
  const found = findTemporalCli();
  if (found) return found;
  const hasGo = spawnSync('sh', ['-c', 'command -v go'], { stdio: 'ignore' }).status === 0;
  if (!hasGo) {
    throw new Error(
      'The Temporal CLI is not installed and Go is not available to build it.\n' +
        `Either install Go (>= 1.23, https://go.dev/doc/install) so that "npm start"/"npm test" can build it, ` +
        'or install the Temporal CLI yourself (https://docs.temporal.io/cli) and put it on PATH ' +
        'or point TEMPORAL_CLI_PATH at it.',
    );
  }
  const dir = temporalCacheDir();
  mkdirSync(dir, { recursive: true });
  console.log(`[bootstrap] building the Temporal CLI ${TEMPORAL_CLI_VERSION} into ${dir} (once; takes a few minutes)…`);
  execFileSync('go', ['install', `github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION}`], {
    stdio: 'inherit',
    env: { ...process.env, GOBIN: dir, GOFLAGS: process.env.GOFLAGS ?? '-mod=mod' },
  });
  const built = join(dir, 'temporal');
  if (!existsSync(built)) throw new Error(`go install finished but ${built} is missing.`);
  return built;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(ensureTemporalCli());
}
