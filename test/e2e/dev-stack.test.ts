import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCAL_JWT_SECRET } from '../../config/config.js';
import { body } from '../support/http.js';
import { freePort } from '../support/throwaway-postgres.js';

const root = join(import.meta.dirname, '../..');
const dataDir = mkdtempSync(join(tmpdir(), 'billing-devstack-'));
const started: ChildProcess[] = [];

afterAll(() => {
  for (const child of started) if (child.exitCode === null && child.pid) process.kill(-child.pid, 'SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const ok = (url: string, init?: RequestInit) => fetch(url, init).then((r) => (r.ok ? r : undefined));

/** Processes whose command line mentions our DATA_DIR: the Temporal server and the stack itself. */
async function stackProcesses(): Promise<string[]> {
  const { execFileSync } = await import('node:child_process');
  const out = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return out.split('\n').filter((line) => line.includes(dataDir) && !line.includes('ps -eo'));
}

describe('npm start (scripts/dev-stack.ts)', () => {
  it('serves API, Web UI and sandbox; Ctrl-C leaves no process; a restart finds the same data', async () => {
    const [port, sandboxPort, temporalPort, uiPort] = await Promise.all([
      freePort(),
      freePort(),
      freePort(),
      freePort(),
    ]);
    const env = {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      SANDBOX_PORT: String(sandboxPort),
      TEMPORAL_ADDRESS: `localhost:${temporalPort}`,
      TEMPORAL_UI_PORT: String(uiPort),
      LOG_LEVEL: 'warn',
      DATABASE_URL: '',
    };
    const api = `http://localhost:${port}`;
    const start = () => {
      // Its own process group, so SIGINT reaches it the way a terminal's Ctrl-C does.
      const child = spawn(join(root, 'node_modules/.bin/tsx'), ['scripts/dev-stack.ts'], {
        cwd: root,
        env,
        detached: true,
        stdio: 'ignore',
      });
      started.push(child);
      return child;
    };
    const stop = async (child: ChildProcess) => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      process.kill(-(child.pid as number), 'SIGINT');
      await exited;
      await until(
        'no stack process left',
        async () => ((await stackProcesses()).length === 0 ? true : undefined),
        20_000,
      );
      await expect(fetch(`${api}/health`)).rejects.toThrow();
    };
    const token = await new SignJWT({ roles: ['admin'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('operator')
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode(LOCAL_JWT_SECRET));
    const auth = { authorization: `Bearer ${token}` };

    const first = start();
    const health = await until('API health', () => ok(`${api}/health`), 120_000);
    expect(await health.json()).toEqual({ status: 'ok' });
    await until('Temporal Web UI', () => ok(`http://localhost:${uiPort}/`), 30_000);
    await until(
      'sandbox',
      () => fetch(`http://localhost:${sandboxPort}/test`, { method: 'POST' }).then((r) => r.status),
      10_000,
    );
    const probe = await body(await fetch(`${api}/v1/admin/probes`, { method: 'POST', headers: auth }));
    expect(probe.status).toBe('completed');
    const demo = await body(await fetch(`${api}/v1/plans`));
    expect(demo.items.map((p: { id: string }) => p.id)).toContain('demo-minute');
    await stop(first);

    const second = start();
    await until('API health after restart', () => ok(`${api}/health`), 120_000);
    const again = await until(
      'probe read back',
      () => ok(`${api}/v1/admin/probes/${probe.id}`, { headers: auth }),
      10_000,
    );
    expect(await again.json()).toEqual(probe);
    await stop(second);
  }, 300_000);
});
