// `npm run sandbox` (tsx sandbox/main.ts): flags win over SANDBOX_* variables, which win over defaults.
import { type ChildProcess, spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../acquiring/support/wait.js';
import { startEntry } from '../support/entry-process.js';
import { listeningAddresses } from '../support/listening.js';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGTERM');
});

async function start(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'sandbox/main.ts', ...args], {
    env: {
      ...process.env,
      SANDBOX_PORT: '',
      SANDBOX_HOST: '',
      SANDBOX_PUBLIC_ID: '',
      SANDBOX_API_SECRET: '',
      SANDBOX_NOTIFY_URL: '',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const url = await waitFor(
    () => /listening on (http:\/\/\S+?)"/.exec(output)?.[1],
    `the sandbox to start (output: ${output})`,
    20_000,
  );
  return { url, output: () => output };
}

const portOf = (url: string) => Number(new URL(url).port);

const find = (url: string, publicId: string, secret: string) =>
  fetch(`${url}/payments/find`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${publicId}:${secret}`).toString('base64')}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ InvoiceId: 'none' }),
  });

describe('sandbox CLI', () => {
  it('--port 0 --public-id --api-secret: listens on a free port and accepts exactly those credentials', async () => {
    const { url } = await start(['--port', '0', '--public-id', 'pk_cli', '--api-secret', 'cli-secret']);
    expect((await find(url, 'pk_cli', 'cli-secret')).status).toBe(200);
    expect((await find(url, 'pk_cli', 'wrong')).status).toBe(401);
  });

  it('SANDBOX_PUBLIC_ID / SANDBOX_API_SECRET are used when no flag is given; the port flag still wins over SANDBOX_PORT', async () => {
    const { url } = await start(['--port', '0'], {
      SANDBOX_PORT: '1',
      SANDBOX_PUBLIC_ID: 'pk_env',
      SANDBOX_API_SECRET: 'env-secret',
    });
    expect((await find(url, 'pk_env', 'env-secret')).status).toBe(200);
  });

  it('without credentials it uses the local defaults the API also defaults to', async () => {
    const { SANDBOX_DEFAULT_API_SECRET, SANDBOX_DEFAULT_PUBLIC_ID } = await import('../../config/config.js');
    const { url } = await start(['--port', '0']);
    expect((await find(url, SANDBOX_DEFAULT_PUBLIC_ID, SANDBOX_DEFAULT_API_SECRET)).status).toBe(200);
  });

  it('listens on 127.0.0.1 only unless told otherwise', async () => {
    const { url } = await start(['--port', '0']);
    expect(listeningAddresses(portOf(url))).toEqual(['127.0.0.1']);
  });

  it('refuses --host 0.0.0.0 (or SANDBOX_HOST) while its API secret is the public default, naming what to set', async () => {
    for (const [args, env] of [
      [['--port', '0', '--host', '0.0.0.0'], {}],
      [['--port', '0'], { SANDBOX_HOST: '0.0.0.0' }],
    ] as const) {
      const sandbox = startEntry('sandbox/main.ts', [...args], { SANDBOX_API_SECRET: '', SANDBOX_HOST: '', ...env });
      children.push(sandbox.child);
      expect(await sandbox.until(/listening on/, 20_000), sandbox.output()).toBe(2);
      expect(sandbox.output()).toMatch(/refusing to serve the sandbox acquirer on 0\.0\.0\.0 .*set SANDBOX_API_SECRET/);
    }
  });

  it('refuses --host 0.0.0.0 while the YooKassa shop key is the public default, even with an API secret of its own', async () => {
    const args = ['--port', '0', '--host', '0.0.0.0', '--api-secret', 'cli-own-secret'];
    const sandbox = startEntry('sandbox/main.ts', args, { SANDBOX_YOOKASSA_SECRET_KEY: '', SANDBOX_HOST: '' });
    children.push(sandbox.child);
    expect(await sandbox.until(/listening on/, 20_000), sandbox.output()).toBe(2);
    expect(sandbox.output()).toMatch(
      /refusing to serve the sandbox acquirer on 0\.0\.0\.0 .*SANDBOX_YOOKASSA_SECRET_KEY/,
    );
  });

  it('with secrets of its own, --host 0.0.0.0 listens on every interface', async () => {
    const secrets = ['--api-secret', 'cli-own-secret', '--yookassa-secret-key', 'cli-own-shop-key'];
    const { url } = await start(['--port', '0', '--host', '0.0.0.0', ...secrets]);
    expect(listeningAddresses(portOf(url))).toEqual(['0.0.0.0']);
  });
});
