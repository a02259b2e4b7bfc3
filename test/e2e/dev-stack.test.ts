import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCAL_JWT_SECRET } from '../../config/config.js';
import { until } from '../support/billing-client.js';
import { devStack } from '../support/dev-stack-process.js';
import { body } from '../support/http.js';
import { listeningAddresses } from '../support/listening.js';

const dataDir = mkdtempSync(join(tmpdir(), 'billing-devstack-'));
const refusedDataDir = mkdtempSync(join(tmpdir(), 'billing-devstack-refused-'));
const stacks: Array<Awaited<ReturnType<typeof devStack>>> = [];

afterAll(() => {
  for (const stack of stacks) stack.kill();
  for (const dir of [dataDir, refusedDataDir]) rmSync(dir, { recursive: true, force: true });
});

const ok = (url: string, init?: RequestInit) => fetch(url, init).then((r) => (r.ok ? r : undefined));

/** Processes whose command line mentions our DATA_DIR: the Temporal server and the stack itself. */
async function stackProcesses(): Promise<string[]> {
  const { execFileSync } = await import('node:child_process');
  const out = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return out.split('\n').filter((line) => line.includes(dataDir) && !line.includes('ps -eo'));
}

describe('npm start (scripts/dev-stack.ts)', () => {
  it('serves API, Web UI and sandbox; Ctrl-C leaves no process; a restart finds the same data', async () => {
    const stack = await devStack(dataDir);
    stacks.push(stack);
    const api = stack.apiUrl;
    const { ui: uiPort, sandbox: sandboxPort } = stack.ports;
    const start = () => stack.start();
    const stop = async (child: ReturnType<typeof start>) => {
      await stack.interrupt(child);
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
    const health = await stack.untilServing(first, '/health', 120_000);
    expect(await health.json()).toEqual({ status: 'ok' });
    await until('Temporal Web UI', () => ok(`http://localhost:${uiPort}/`), 30_000);
    await until(
      'sandbox',
      () => fetch(`http://localhost:${sandboxPort}/test`, { method: 'POST' }).then((r) => r.status),
      10_000,
    );
    // The public local secrets are in use, so the API and the sandbox's /_sandbox controls stay on loopback.
    expect([listeningAddresses(stack.ports.api), listeningAddresses(sandboxPort)]).toEqual([
      ['127.0.0.1'],
      ['127.0.0.1'],
    ]);
    // The ops listener (/metrics, the worker's /ready) stays on loopback too, and serves our metrics and the SDK's.
    const opsUrl = `http://127.0.0.1:${stack.ports.ops}`;
    await until('the worker ready', () => ok(`${opsUrl}/ready`), 30_000);
    expect(listeningAddresses(stack.ports.ops)).toEqual(['127.0.0.1']);
    const metrics = await (await fetch(`${opsUrl}/metrics`)).text();
    expect(metrics).toMatch(/^billing_database_metrics_up 1$/m);
    expect(metrics).toMatch(/^temporal_\w+/m);
    const probe = await body(await fetch(`${api}/v1/admin/probes`, { method: 'POST', headers: auth }));
    expect(probe.status).toBe('completed');
    const demo = await body(await fetch(`${api}/v1/plans`));
    expect(demo.items.map((p: { id: string }) => p.id)).toContain('demo-minute');
    // The banner names the operators' console, and the page it names asks for a sign-in.
    const consoleUrl = stack.output().match(/Operators' console\s+(\S+)/)?.[1];
    expect(consoleUrl).toBe(`${api}/console`);
    expect((await fetch(`${consoleUrl}`, { redirect: 'follow' })).status).toBe(200);
    await stop(first);

    const second = start();
    await stack.untilServing(second, '/health', 120_000);
    const again = await until(
      'probe read back',
      () => ok(`${api}/v1/admin/probes/${probe.id}`, { headers: auth }),
      10_000,
    );
    expect(await again.json()).toEqual(probe);
    await stop(second);
  }, 300_000);
});

describe('npm start with a non-loopback bind', () => {
  it('SANDBOX_HOST=0.0.0.0 with the public sandbox secret: refused before anything starts, naming what to set', async () => {
    const stack = await devStack(refusedDataDir, { SANDBOX_HOST: '0.0.0.0' });
    stacks.push(stack);
    const child = stack.start();
    await expect(stack.untilServing(child, '/health', 120_000)).rejects.toThrow(
      /npm start exited \(1\)[\s\S]*SANDBOX_HOST: refusing to serve the sandbox acquirer on 0\.0\.0\.0 .*set SANDBOX_API_SECRET/,
    );
  }, 150_000);
});
