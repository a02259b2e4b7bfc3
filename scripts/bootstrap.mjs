#!/usr/bin/env node
// First step of `npm start` and `npm test`: installs whatever is missing so that a fresh clone works with
// one command. Plain Node with no dependencies, because it runs before node_modules exists.
//   node scripts/bootstrap.mjs [--test]   (--test also makes sure PostgreSQL, Chromium, Temporal's test server and the
//   Schemathesis fuzzer in .venv/ are present)
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureSchemathesis } from './lib/schemathesis-venv.mjs';
import { ensureChromium, ensurePostgres } from './lib/system-packages.mjs';
import { ensureTemporalCli } from './temporal-cli.mjs';
import { ensureTemporalTestServer } from './temporal-test-server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function ensureNodeVersion() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 3)) {
    throw new Error(`Node.js >= 20.3 is required (found ${process.versions.node}).`);
  }
}

function ensureNodeModules() {
  const installed = join(root, 'node_modules', '.package-lock.json');
  const lock = join(root, 'package-lock.json');
  if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(lock).mtimeMs) return;
  // A registry connection reset mid-download ("Invalid response body … ECONNRESET") is not retried by npm itself; on a
  // fresh machine it would fail the whole run, so the install is tried up to three times.
  for (let attempt = 1; ; attempt++) {
    console.log(`[bootstrap] installing npm packages (npm ci${attempt > 1 ? `, try ${attempt} of 3` : ''})…`);
    try {
      execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
      return;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

try {
  ensureNodeVersion();
  ensureNodeModules();
  ensureTemporalCli();
  if (process.argv.includes('--test')) {
    ensurePostgres();
    ensureChromium();
    ensureTemporalTestServer();
    ensureSchemathesis();
  }
} catch (error) {
  console.error(`\n[bootstrap] ${error instanceof Error ? error.message : error}\n`);
  process.exit(1);
}
