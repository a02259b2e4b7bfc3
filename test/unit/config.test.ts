import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, LOCAL_JWT_SECRET, LOCAL_THREE_DS_STATE_SECRET, loadConfig } from '../../config/config.js';

const REAL_THREE_DS_STATE_SECRET = 'a-real-production-3ds-state-key-32+';

const INBOX_KEY = Buffer.alloc(32, 7).toString('base64');

/** What production needs besides the JWT secret: the real acquirer and the token's issuer and audience. */
const productionBase = {
  NODE_ENV: 'production',
  JWT_ISSUER: 'https://auth.movix.example',
  JWT_AUDIENCE: 'movix-billing',
  CLOUDPAYMENTS_API_URL: 'https://api.cloudpayments.ru',
  CLOUDPAYMENTS_PUBLIC_ID: 'pk_real',
  THREE_DS_STATE_SECRET: REAL_THREE_DS_STATE_SECRET,
  INBOX_ENCRYPTION_KEY: INBOX_KEY,
};

describe('loadConfig', () => {
  it('reads TEMPORAL_PATCHES_HELD as a list of patch ids, blanks ignored', () => {
    const config = loadConfig({ TEMPORAL_PATCHES_HELD: ' subscription-ordered-decisions, ,other ' });
    expect(config.temporal.patchesHeld).toEqual(['subscription-ordered-decisions', 'other']);
  });

  it('gives the local defaults the README lists when nothing is set', () => {
    const config = loadConfig({});
    expect(config.http.port).toBe(3000);
    expect(config.database).toEqual({ url: undefined, dataDir: '.data', maxConnections: 10 });
    expect(config.temporal).toEqual({
      address: 'localhost:7233',
      namespace: 'default',
      taskQueue: 'billing',
      patchesHeld: [],
      transport: { apiKey: undefined, tls: undefined },
      answerTimeoutMs: 30_000,
    });
    expect(config.shutdownGraceMs).toBe(20_000);
    expect(config.sandbox.port).toBe(8081);
    expect(config.acquiring.cloudpayments.apiUrl).toBe('http://localhost:8081');
    expect(config.acquiring.cloudpayments.publicId).toBe(config.sandbox.publicId);
    expect(config.sandbox.notifyUrl).toBe('http://localhost:3000/webhooks/cloudpayments');
    expect(config.sandbox.yookassa).toEqual({
      shopId: '100500',
      secretKey: 'test_sandbox_yookassa_secret',
      notifyUrl: 'http://127.0.0.1:3000/webhooks/yookassa/notification',
      expiryTimeScale: 1,
    });
    expect(config.shortPeriodsEnabled).toBe(false);
  });

  it('puts the ops listener (/metrics, /ready) on loopback with no port, so each process takes its own default', () => {
    expect(loadConfig({}).ops).toEqual({ host: '127.0.0.1', port: undefined });
    expect(loadConfig({ OPS_HOST: '0.0.0.0', OPS_PORT: '9100' }).ops).toEqual({ host: '0.0.0.0', port: 9100 });
    expect(loadConfig({ OPS_PORT: '0' }).ops.port).toBe(0);
    expect(() => loadConfig({ OPS_PORT: '70000' })).toThrow(/OPS_PORT/);
  });

  it('takes the database pool size from DATABASE_POOL_SIZE and refuses one below 1', () => {
    expect(loadConfig({ DATABASE_POOL_SIZE: '30' }).database.maxConnections).toBe(30);
    expect(() => loadConfig({ DATABASE_POOL_SIZE: '0' })).toThrow(/DATABASE_POOL_SIZE/);
  });

  it('bounds the worker with explicit defaults, caps its task slots at its cache size, and refuses a cache of one', () => {
    expect(loadConfig({}).worker).toEqual({
      maxCachedWorkflows: 1000,
      maxConcurrentWorkflowTaskExecutions: 40,
      maxConcurrentActivityTaskExecutions: 100,
      maxConcurrentLocalActivityExecutions: 100,
    });
    const small = loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '20', WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '50' });
    expect(small.worker.maxConcurrentWorkflowTaskExecutions).toBe(20);
    const uncached = loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '0' });
    expect(uncached.worker).toMatchObject({ maxCachedWorkflows: 0, maxConcurrentWorkflowTaskExecutions: 40 });
    expect(() => loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '1' })).toThrow(/WORKER_MAX_CACHED_WORKFLOWS/);
  });

  it('gives the worker a pre-built workflow bundle only when WORKER_WORKFLOW_BUNDLE names one', () => {
    expect(loadConfig({}).temporal.workflowBundle).toBeUndefined();
    const bundled = loadConfig({ WORKER_WORKFLOW_BUNDLE: '/app/dist/workflow-bundle.js' });
    expect(bundled.temporal.workflowBundle).toEqual({ codePath: '/app/dist/workflow-bundle.js' });
  });

  it('treats empty strings as unset and coerces numbers and booleans', () => {
    const config = loadConfig({ PORT: '4000', DATABASE_URL: '', SHORT_PERIODS_ENABLED: 'true' });
    expect(config.http.port).toBe(4000);
    expect(config.database.url).toBeUndefined();
    expect(config.shortPeriodsEnabled).toBe(true);
  });

  it('fails fast with one readable message naming every bad variable', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'not a url', SHORT_PERIODS_ENABLED: 'maybe' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    for (const name of ['PORT', 'DATABASE_URL', 'SHORT_PERIODS_ENABLED']) expect(message).toContain(name);
  });

  it('issues receipts without VAT, for a service paid in full, unless configured; a bad value is refused by name', () => {
    expect(loadConfig({}).receipts).toEqual({
      vat: 'none',
      subject: 'service',
      mode: 'full_payment',
      taxSystem: undefined,
    });
    const set = { RECEIPT_VAT: '20/120', RECEIPT_PAYMENT_MODE: 'full_prepayment', RECEIPT_TAX_SYSTEM: '1' };
    expect(loadConfig(set).receipts).toEqual({
      vat: '20/120',
      subject: 'service',
      mode: 'full_prepayment',
      taxSystem: 1,
    });
    const bad = {
      RECEIPT_VAT: '18',
      RECEIPT_PAYMENT_SUBJECT: 'goods',
      RECEIPT_PAYMENT_MODE: 'x',
      RECEIPT_TAX_SYSTEM: '6',
    };
    expect(() => loadConfig(bad)).toThrow(ConfigError);
    const message = (() => {
      try {
        loadConfig(bad);
      } catch (e) {
        return (e as Error).message;
      }
    })();
    expect(message).toContain('RECEIPT_VAT must be one of: none, 0, 5, 7, 10, 20, 22, 5/105');
    expect(message).toContain('RECEIPT_PAYMENT_SUBJECT must be one of: service, commodity');
    expect(message).toContain('RECEIPT_PAYMENT_MODE must be one of: full_payment');
    expect(message).toContain('RECEIPT_TAX_SYSTEM must be a whole number from 0 to 5');
    expect(() => loadConfig({ RECEIPT_TAX_SYSTEM: 'two' })).toThrow(/RECEIPT_TAX_SYSTEM must be a whole number/);
  });

  it('reconciles every 300 s, settles pending payments after 600 s, looks back 2 days; a zero interval is refused', () => {
    expect(loadConfig({}).reconciliation).toEqual({
      intervalSeconds: 300,
      staleAfterSeconds: 600,
      lookbackSeconds: 172_800,
    });
    expect(() => loadConfig({ RECONCILIATION_INTERVAL_SECONDS: '0' })).toThrow(/RECONCILIATION_INTERVAL_SECONDS/);
  });

  it('refuses the local JWT secret in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET: must be set in production/);
    const real = { ...productionBase, JWT_SECRET: 'a-real-production-secret', CLOUDPAYMENTS_API_SECRET: 'real' };
    expect(loadConfig(real).auth.jwtSecret).not.toBe(LOCAL_JWT_SECRET);
  });

  it('refuses the local 3-D Secure state key in production, and a short one anywhere', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/THREE_DS_STATE_SECRET: must be set in production/);
    expect(loadConfig({}).threeDsStateSecret).toBe(LOCAL_THREE_DS_STATE_SECRET);
    expect(() => loadConfig({ THREE_DS_STATE_SECRET: 'too-short' })).toThrow(/at least 32 characters/);
  });

  it('refuses the local inbox encryption key in production, and a key that is not 32 bytes anywhere', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/INBOX_ENCRYPTION_KEY: must be set in production/);
    expect(() => loadConfig({ INBOX_ENCRYPTION_KEY: Buffer.alloc(16).toString('base64') })).toThrow(
      /INBOX_ENCRYPTION_KEY: must be 32 bytes/,
    );
    expect(loadConfig({ INBOX_ENCRYPTION_KEY: INBOX_KEY }).inboxEncryptionKey).toBe(INBOX_KEY);
  });

  it("refuses the sandbox's CloudPayments secret in production", () => {
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'a-real-production-secret' })).toThrow(
      /CLOUDPAYMENTS_API_SECRET: must be set in production/,
    );
  });

  it('turns event delivery off when EVENTS_URL is empty, and splits a comma-separated list into endpoints', () => {
    expect(loadConfig({ EVENTS_URL: '' }).events.endpoints).toEqual([]);
    const config = loadConfig({
      EVENTS_URL: ' http://auth:8080/billing-events , https://notify/in ',
      EVENTS_SECRET: 'a-long-enough-secret',
      EVENTS_SECRET_PREVIOUS: 'the-previous-secret',
    });
    expect(config.events.endpoints).toEqual(['http://auth:8080/billing-events', 'https://notify/in']);
    expect(config.events.secrets).toEqual(['a-long-enough-secret', 'the-previous-secret']);
    expect(config.events.retry).toEqual({ initialSeconds: 1, maxSeconds: 600, maxAttempts: 0 });
  });

  it.each([
    [{ EVENTS_URL: 'http://auth/in' }, /EVENTS_SECRET: is required when EVENTS_URL is set/],
    [{ EVENTS_URL: 'http://auth/in', EVENTS_SECRET: 'short' }, /EVENTS_SECRET must be at least 16 characters/],
    [{ EVENTS_URL: 'ftp://auth/in', EVENTS_SECRET: 'a-long-enough-secret' }, /EVENTS_URL: not an http\(s\) URL/],
    [{ EVENTS_RETRY_INITIAL_SECONDS: '60', EVENTS_RETRY_MAX_SECONDS: '10' }, /EVENTS_RETRY_MAX_SECONDS/],
  ])('refuses bad event settings: %o', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  describe('JWT algorithm', () => {
    const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const publicPem = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();

    it('is HS256 with the shared secret unless configured otherwise', () => {
      expect(loadConfig({}).auth).toMatchObject({ algorithm: 'HS256', publicKey: undefined });
    });

    it('RS256 takes a PEM public key, also with \\n escapes from a one-line env file', () => {
      const config = loadConfig({ JWT_ALGORITHM: 'RS256', JWT_PUBLIC_KEY: publicPem.replace(/\n/g, '\\n') });
      expect(config.auth).toMatchObject({ algorithm: 'RS256', publicKey: publicPem });
    });

    const refused: Array<[string, Record<string, string>, RegExp]> = [
      ['RS256 without a key', { JWT_ALGORITHM: 'RS256' }, /JWT_PUBLIC_KEY: required when JWT_ALGORITHM=RS256/],
      ['RS256 with a key that is not PEM', { JWT_ALGORITHM: 'RS256', JWT_PUBLIC_KEY: 'abc' }, /not a PEM public key/],
      [
        'RS256 with the private key',
        {
          JWT_ALGORITHM: 'RS256',
          JWT_PUBLIC_KEY: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        },
        /must be the public key/,
      ],
      ['an algorithm outside the allow-list', { JWT_ALGORITHM: 'none' }, /JWT_ALGORITHM/],
    ];
    it.each(refused)('fails fast on %s', (_name, env, message) => {
      expect(() => loadConfig(env)).toThrow(message);
    });

    it('production with RS256 needs no shared secret', () => {
      const config = loadConfig({
        ...productionBase,
        JWT_ALGORITHM: 'RS256',
        JWT_PUBLIC_KEY: publicPem,
        CLOUDPAYMENTS_API_SECRET: 'real',
      });
      expect(config.auth.algorithm).toBe('RS256');
    });
  });
});
