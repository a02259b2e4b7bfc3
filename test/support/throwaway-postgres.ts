import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findPostgresBinDir } from '../../scripts/lib/system-packages.mjs';
import { freePort } from './free-port.js';

export { freePort } from './free-port.js';

export interface ThrowawayPostgres {
  url: string;
  stop(): Promise<void>;
}

/** initdb refuses root, so as root every server command runs as the `postgres` user. */
function asServerUser(bin: string, args: string[]) {
  const isRoot = process.getuid?.() === 0;
  const [cmd, argv] = isRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  const result = spawnSync(cmd, argv, { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`${bin} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
}

/** A PostgreSQL cluster in a temp dir on a free loopback port, for one test run. */
export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const bin = findPostgresBinDir();
  if (!bin) throw new Error('PostgreSQL binaries (initdb) not found; run `npm test` so the bootstrap installs them.');
  const dir = mkdtempSync(join(tmpdir(), 'billing-pg-'));
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const dataDir = join(dir, 'data');
  const port = await freePort();
  const stop = async () => {
    try {
      asServerUser(join(bin, 'pg_ctl'), ['stop', '-D', dataDir, '-m', 'immediate', '-w']);
    } catch {
      // already stopped or never started
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    asServerUser(join(bin, 'initdb'), ['-D', dataDir, '-U', 'billing', '-A', 'trust', '-E', 'UTF8', '--no-sync']);
    const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
    asServerUser(join(bin, 'pg_ctl'), [
      'start',
      '-D',
      dataDir,
      '-l',
      join(dir, 'server.log'),
      '-w',
      '-t',
      '60',
      '-o',
      options,
    ]);
    asServerUser(join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'billing', 'billing_test']);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `postgres://billing@127.0.0.1:${port}/billing_test`, stop };
}
