// Installs Debian packages the stack needs when they are missing and we may (root + apt-get);
// otherwise names them in one clear message. Plain Node on purpose: runs before `npm ci`.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

let aptUpdated = false;

export function canApt() {
  return process.getuid?.() === 0 && spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
}

export function aptInstall(packages, why) {
  if (!canApt()) {
    throw new Error(
      `Missing ${packages.join(', ')} (${why}). Install it with your package manager, e.g. "sudo apt-get install -y ${packages.join(' ')}", then rerun.`,
    );
  }
  console.log(`[bootstrap] installing ${packages.join(', ')} (${why}) with apt-get…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!aptUpdated) {
    execFileSync('apt-get', ['update', '-q'], { stdio: ['ignore', 'ignore', 'inherit'], env });
    aptUpdated = true;
  }
  execFileSync('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...packages], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env,
  });
}

/** Directory holding initdb/pg_ctl/postgres, or undefined. Prefers the highest installed major version. */
export function findPostgresBinDir() {
  if (process.env.POSTGRES_BIN_DIR && existsSync(`${process.env.POSTGRES_BIN_DIR}/initdb`)) {
    return process.env.POSTGRES_BIN_DIR;
  }
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => existsSync(`${root}/${v}/bin/initdb`))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return `${root}/${versions[0]}/bin`;
  }
  const which = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  const found = which.stdout.trim();
  return which.status === 0 && found ? found.replace(/\/initdb$/, '') : undefined;
}

export function ensurePostgres() {
  if (process.env.TEST_DATABASE_URL) return;
  if (findPostgresBinDir()) return;
  aptInstall(['postgresql'], 'the test suite runs a throwaway PostgreSQL server');
  if (!findPostgresBinDir())
    throw new Error('PostgreSQL was installed but initdb is still not found; set POSTGRES_BIN_DIR.');
}

export const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export function findChromium() {
  if (process.env.CHROMIUM_PATH && existsSync(process.env.CHROMIUM_PATH)) return process.env.CHROMIUM_PATH;
  return CHROMIUM_CANDIDATES.find((p) => existsSync(p));
}

export function ensureChromium() {
  if (findChromium()) return;
  aptInstall(['chromium'], 'browser tests drive headless Chromium');
}
