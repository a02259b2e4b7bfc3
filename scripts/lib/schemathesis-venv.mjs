// Schemathesis (the OpenAPI fuzzer) lives in a virtual environment inside the clone, `.venv/` (git-ignored), made
// with the machine's python3 and pip on first use. Plain Node, so bootstrap.mjs can call it before `npm ci`.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { aptInstall } from './system-packages.mjs';

export const SCHEMATHESIS_VERSION = '4.32.5';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
export const venvDir = () => join(root, '.venv');
const venvPython = () => join(venvDir(), 'bin', 'python');
const stPath = () => join(venvDir(), 'bin', 'st');

function installedVersion() {
  if (!existsSync(stPath())) return undefined;
  const found = spawnSync(stPath(), ['--version'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim().split(/\s+/).pop() : undefined;
}

/** The path of the pinned `st` CLI, installing python3's venv and Schemathesis first when missing or another version. */
export function ensureSchemathesis() {
  if (installedVersion() === SCHEMATHESIS_VERSION) return stPath();
  // Debian splits venv's pip bootstrap (ensurepip) into python3-venv; as root it is installed, else named.
  const canMakeVenv = () => spawnSync('python3', ['-c', 'import venv, ensurepip'], { stdio: 'ignore' }).status === 0;
  if (!canMakeVenv()) aptInstall(['python3', 'python3-venv'], 'Python >= 3.9 with venv, for the Schemathesis fuzzer');
  if (!existsSync(venvPython())) {
    console.log(`[bootstrap] creating the Python virtual environment ${venvDir()}…`);
    execFileSync('python3', ['-m', 'venv', venvDir()], { stdio: 'inherit' });
  }
  console.log(`[bootstrap] installing schemathesis==${SCHEMATHESIS_VERSION} into ${venvDir()}…`);
  execFileSync(
    venvPython(),
    ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', `schemathesis==${SCHEMATHESIS_VERSION}`],
    { stdio: 'inherit' },
  );
  return stPath();
}
