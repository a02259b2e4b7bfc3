// `npm run sandbox` (tsx sandbox/main.ts): flags win over SANDBOX_* variables, which win over defaults.
import { type ChildProcess, spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../acquiring/support/wait.js';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGTERM');
});

async function start(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'sandbox/main.ts', ...args], {
    env: {
      ...process.env,
      SANDBOX_PORT: '',
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
});
