// Builds commands of go.temporal.io/server (the tools and the server the Temporal images ship) with Go, in a throwaway
// module that requires it, and copies folders of that module (schema/, config/) next to the binaries.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const TEMPORAL_SERVER_VERSION = 'v1.29.1';
const MODULE = 'go.temporal.io/server';

const goEnv = () => ({ ...process.env, GOFLAGS: process.env.GOFLAGS ?? '-mod=mod' });

export function requireGo(what, hint) {
  if (spawnSync('sh', ['-c', 'command -v go'], { stdio: 'ignore' }).status === 0) return;
  throw new Error(
    `${what} is not built and Go is not available to build it.\n` +
      `Install Go (>= 1.23, https://go.dev/doc/install) so that the test can build it once, or ${hint}.`,
  );
}

/**
 * `commands`: { output file name: package path inside the module }; `folders`: folders of the module to copy.
 * The module cache is read-only, so the copies are made writable: the cache folder can then be deleted. Everything is
 * built in a staging folder renamed to `dir` at the end, so test files building at once never see half a build.
 */
export function buildFromServerModule(dir, commands, folders) {
  mkdirSync(dirname(dir), { recursive: true });
  const staging = mkdtempSync(`${dir}.staging-`);
  const work = mkdtempSync(join(tmpdir(), 'temporal-server-build-'));
  try {
    writeFileSync(
      join(work, 'go.mod'),
      `module temporalbuild\n\ngo 1.23\n\nrequire ${MODULE} ${TEMPORAL_SERVER_VERSION}\n`,
    );
    const go = (args, options = {}) => execFileSync('go', args, { cwd: work, env: goEnv(), ...options });
    for (const [output, pkg] of Object.entries(commands)) {
      go(['build', '-o', join(staging, output), `${MODULE}/${pkg}`], { stdio: 'inherit' });
    }
    const moduleDir = go(['list', '-m', '-f', '{{.Dir}}', MODULE], { encoding: 'utf8' }).trim();
    for (const folder of folders) {
      execFileSync('cp', ['-R', join(moduleDir, folder), join(staging, folder)]);
      execFileSync('chmod', ['-R', 'u+w', join(staging, folder)]);
    }
    // A complete `dir` left by a build that finished first stays: renaming onto a non-empty folder fails.
    if (!existsSync(dir)) renameSync(staging, dir);
  } finally {
    rmSync(work, { recursive: true, force: true });
    rmSync(staging, { recursive: true, force: true });
  }
}
