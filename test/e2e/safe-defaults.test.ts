// Issue 11 point 7 at the process level: `tsx api/main.ts` with the repository's public defaults stays on loopback,
// and production refuses a configuration that would talk to the sandbox acquirer or skip the token checks.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { type EntryProcess, startEntry } from '../support/entry-process.js';
import { freePort } from '../support/free-port.js';
import { listeningAddresses } from '../support/listening.js';
import { captureFile, registerSecrets } from '../support/log-capture.js';

const dirs: string[] = [];
const running: EntryProcess[] = [];
afterEach(async () => {
  for (const p of running.splice(0)) await p.stop();
});
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** The API alone on embedded PGlite and the run's Temporal server, every security variable unset unless given. */
async function api(env: Record<string, string>) {
  const dataDir = mkdtempSync(join(tmpdir(), 'billing-safe-defaults-'));
  dirs.push(dataDir);
  const port = await freePort();
  const p = startEntry('api/main.ts', [], {
    NODE_ENV: 'development',
    DATA_DIR: dataDir,
    DATABASE_URL: '',
    PORT: String(port),
    OPS_PORT: '0',
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    TEMPORAL_TASK_QUEUE: `safe-defaults-${randomUUID()}`,
    LOG_LEVEL: 'info',
    LOG_FILE: captureFile(`safe-defaults-${port}`) ?? '',
    ...Object.fromEntries(
      [
        'HOST',
        'JWT_SECRET',
        'JWT_ISSUER',
        'JWT_AUDIENCE',
        'ACQUIRER',
        'CLOUDPAYMENTS_API_URL',
        'THREE_DS_STATE_SECRET',
        'INBOX_ENCRYPTION_KEY',
      ].map((n) => [n, '']),
    ),
    CLOUDPAYMENTS_PUBLIC_ID: '',
    CLOUDPAYMENTS_API_SECRET: '',
    ...env,
  });
  running.push(p);
  return { p, port, outcome: () => p.until(/API listening/, 90_000) };
}

const OWN = {
  JWT_SECRET: `own-jwt-secret-${randomUUID()}`,
  CLOUDPAYMENTS_API_SECRET: `own-cp-${randomUUID()}`,
  THREE_DS_STATE_SECRET: `own-3ds-state-${randomUUID()}`,
  INBOX_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
};
registerSecrets(OWN.JWT_SECRET, OWN.CLOUDPAYMENTS_API_SECRET, OWN.THREE_DS_STATE_SECRET, OWN.INBOX_ENCRYPTION_KEY);

describe('tsx api/main.ts outside production', () => {
  it('with the public defaults, HOST=0.0.0.0 exits at once with one message naming what to set', async () => {
    const { p, outcome } = await api({ HOST: '0.0.0.0' });
    expect(await outcome()).toBe(1);
    expect(p.output()).toMatch(
      /HOST: refusing to serve the API on 0\.0\.0\.0 \(not a loopback interface\) while JWT_SECRET, CLOUDPAYMENTS_API_SECRET, THREE_DS_STATE_SECRET, INBOX_ENCRYPTION_KEY still hold the public local defaults/,
    );
  });

  it('with HOST unset it listens on 127.0.0.1 only', async () => {
    const { p, port, outcome } = await api({});
    expect(await outcome(), p.output()).toBe('matched');
    expect(listeningAddresses(port)).toEqual(['127.0.0.1']);
  }, 120_000);

  it('with secrets of its own, HOST=0.0.0.0 listens on every interface (what a container needs)', async () => {
    const { p, port, outcome } = await api({ HOST: '0.0.0.0', ...OWN });
    expect(await outcome(), p.output()).toBe('matched');
    expect(listeningAddresses(port)).toEqual(['0.0.0.0']);
  }, 120_000);
});

describe('tsx api/main.ts in production', () => {
  const production = {
    NODE_ENV: 'production',
    ...OWN,
    JWT_ISSUER: 'https://auth.movix.test',
    JWT_AUDIENCE: 'movix-billing',
    CLOUDPAYMENTS_API_URL: 'https://api.cloudpayments.test',
    CLOUDPAYMENTS_PUBLIC_ID: 'pk_own',
  };

  it.each([
    [
      'no CLOUDPAYMENTS_API_URL (the adapter would call the local sandbox)',
      { CLOUDPAYMENTS_API_URL: '' },
      'CLOUDPAYMENTS_API_URL',
    ],
    ['the sandbox on loopback', { CLOUDPAYMENTS_API_URL: 'http://127.0.0.1:8081' }, 'CLOUDPAYMENTS_API_URL'],
    ['ACQUIRER=sandbox', { ACQUIRER: 'sandbox' }, 'ACQUIRER'],
    [
      'neither JWT_ISSUER nor JWT_AUDIENCE',
      { JWT_ISSUER: '', JWT_AUDIENCE: '' },
      'JWT_ISSUER(?:[\\s\\S]*)- JWT_AUDIENCE',
    ],
  ])('refuses to start with %s', async (_name, env, variable) => {
    const { p, outcome } = await api({ ...production, ...env });
    expect(await outcome(), p.output()).toBe(1);
    expect(p.output()).toMatch(new RegExp(`Invalid configuration:[\\s\\S]*- ${variable}: `));
  });
});
