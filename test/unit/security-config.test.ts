// Issue 11, points 4, 5 and 7 at the configuration level: what production requires, which binds are refused, what a
// returnUrl may be. The same rules through HTTP and real processes: test/api/token-claims.test.ts, return-url.test.ts,
// test/e2e/safe-defaults.test.ts.
import { describe, expect, it } from 'vitest';
import { returnUrlProblem } from '../../api/return-url.js';
import { apiPublicDefaults, assertSafeBind, sandboxPublicDefaults } from '../../config/bind-guard.js';
import { loadConfig, SANDBOX_DEFAULT_API_SECRET, SANDBOX_YOOKASSA_DEFAULT_SECRET_KEY } from '../../config/config.js';
import { isLoopbackHost } from '../../config/network.js';

const production = {
  NODE_ENV: 'production',
  JWT_SECRET: 'a-real-production-secret',
  JWT_ISSUER: 'https://auth.movix.example',
  JWT_AUDIENCE: 'movix-billing',
  CLOUDPAYMENTS_API_URL: 'https://api.cloudpayments.ru',
  CLOUDPAYMENTS_PUBLIC_ID: 'pk_real',
  CLOUDPAYMENTS_API_SECRET: 'real-secret',
  THREE_DS_STATE_SECRET: 'a-real-production-3-d-secure-state-key',
  INBOX_ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64'),
};

describe('tokens: issuer, audience, JWKS', () => {
  it('production starts with all of it, and carries iss/aud into the verifier', () => {
    expect(loadConfig(production).auth).toMatchObject({ issuer: production.JWT_ISSUER, audience: 'movix-billing' });
  });

  it.each(['JWT_ISSUER', 'JWT_AUDIENCE'])('production refuses to start without %s', (name) => {
    expect(() => loadConfig({ ...production, [name]: '' })).toThrow(new RegExp(`${name}: must be set in production`));
  });

  it('outside production they are optional', () => {
    expect(loadConfig({}).auth).toMatchObject({ issuer: undefined, audience: undefined, jwks: undefined });
  });

  it('a JWKS URL replaces the PEM for RS256, with a 10 min cache and a 30 s cooldown by default', () => {
    const config = loadConfig({ JWT_ALGORITHM: 'RS256', JWT_JWKS_URL: 'http://127.0.0.1:9/jwks.json' });
    expect(config.auth.jwks).toEqual({ url: 'http://127.0.0.1:9/jwks.json', maxAgeMs: 600_000, cooldownMs: 30_000 });
  });

  it.each([
    ['with HS256', { JWT_JWKS_URL: 'https://auth/jwks.json' }, /JWT_JWKS_URL: needs JWT_ALGORITHM=RS256/],
    [
      'beside a PEM',
      { JWT_ALGORITHM: 'RS256', JWT_JWKS_URL: 'https://auth/jwks.json', JWT_PUBLIC_KEY: 'x' },
      /set JWT_JWKS_URL or JWT_PUBLIC_KEY, not both/,
    ],
    [
      'over http in production',
      { ...production, JWT_ALGORITHM: 'RS256', JWT_JWKS_URL: 'http://auth/jwks.json' },
      /JWT_JWKS_URL: must be https in production/,
    ],
    ['that is not http(s)', { JWT_ALGORITHM: 'RS256', JWT_JWKS_URL: 'file:///etc/jwks' }, /JWT_JWKS_URL/],
  ])('refuses a JWKS URL %s', (_name, env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});

describe('production never talks to the sandbox acquirer', () => {
  it.each([
    ['ACQUIRER=sandbox', { ACQUIRER: 'sandbox' }, /ACQUIRER/],
    [
      'no CLOUDPAYMENTS_API_URL (the local sandbox)',
      { CLOUDPAYMENTS_API_URL: '' },
      /CLOUDPAYMENTS_API_URL: must be set/,
    ],
    [
      'a local sandbox URL',
      { CLOUDPAYMENTS_API_URL: 'http://localhost:8081' },
      /CLOUDPAYMENTS_API_URL: must be an https/,
    ],
    [
      'https to loopback',
      { CLOUDPAYMENTS_API_URL: 'https://127.0.0.1:8081' },
      /CLOUDPAYMENTS_API_URL: must be an https/,
    ],
    ["the sandbox's public id", { CLOUDPAYMENTS_PUBLIC_ID: '' }, /CLOUDPAYMENTS_PUBLIC_ID: must be set in production/],
  ])('refuses %s', (_name, env, message) => {
    expect(() => loadConfig({ ...production, ...env })).toThrow(message);
  });
});

describe('where the service listens', () => {
  it('the API and the sandbox default to loopback', () => {
    const config = loadConfig({});
    expect([config.http.host, config.sandbox.host]).toEqual(['127.0.0.1', '127.0.0.1']);
  });

  it.each([
    ['localhost', true],
    ['127.0.0.1', true],
    ['127.4.5.6', true],
    ['::1', true],
    ['[::1]', true],
    ['::ffff:127.0.0.1', true],
    ['0.0.0.0', false],
    ['::', false],
    ['192.0.2.2', false],
    ['billing.internal', false],
    ['localhost.evil.example', false],
  ])('%s is loopback: %s', (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
  });

  it('names every public default still in use, and nothing once they are replaced', () => {
    expect(apiPublicDefaults(loadConfig({}))).toEqual([
      'JWT_SECRET',
      'CLOUDPAYMENTS_API_SECRET',
      'THREE_DS_STATE_SECRET',
      'INBOX_ENCRYPTION_KEY',
    ]);
    const own = loadConfig({
      JWT_SECRET: 'my-own-secret-0123456789',
      CLOUDPAYMENTS_API_SECRET: 'mine',
      THREE_DS_STATE_SECRET: 'my-own-3-d-secure-state-key-0123456789',
      INBOX_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64'),
    });
    expect(apiPublicDefaults(own)).toEqual([]);
    expect(sandboxPublicDefaults(SANDBOX_DEFAULT_API_SECRET)).toEqual(['SANDBOX_API_SECRET']);
    expect(sandboxPublicDefaults('own-secret', SANDBOX_YOOKASSA_DEFAULT_SECRET_KEY)).toEqual([
      'SANDBOX_YOOKASSA_SECRET_KEY',
    ]);
    expect(sandboxPublicDefaults('own-secret', 'own-shop-key')).toEqual([]);
  });

  it('refuses a non-loopback bind with public defaults in one message naming what to set', () => {
    const defaults = apiPublicDefaults(loadConfig({ HOST: '0.0.0.0' }));
    expect(() => assertSafeBind('API', 'HOST', '0.0.0.0', defaults)).toThrow(
      /HOST: refusing to serve the API on 0\.0\.0\.0 .*set JWT_SECRET, CLOUDPAYMENTS_API_SECRET, THREE_DS_STATE_SECRET, INBOX_ENCRYPTION_KEY to secrets of your own/,
    );
    expect(() => assertSafeBind('API', 'HOST', '127.0.0.1', defaults)).not.toThrow();
    expect(() => assertSafeBind('API', 'HOST', '0.0.0.0', [])).not.toThrow();
  });
});

describe('returnUrl', () => {
  const local = loadConfig({}).returnUrls;
  const prod = loadConfig(production).returnUrls;
  const listed = loadConfig({ RETURN_URL_HOSTS: ' Movix.example, pay.movix.example:8443 ' }).returnUrls;

  it('reads RETURN_URL_HOSTS as a lower-cased list; refuses an entry that is not a host', () => {
    expect(listed.hosts).toEqual(['movix.example', 'pay.movix.example:8443']);
    expect(() => loadConfig({ RETURN_URL_HOSTS: 'https://movix.example/' })).toThrow(/RETURN_URL_HOSTS: not a host/);
  });

  it('takes https anywhere, and http to loopback only outside production', () => {
    expect(returnUrlProblem('https://movix.example/account?x=1', local)).toBeUndefined();
    expect(returnUrlProblem('http://localhost:3000/done', local)).toBeUndefined();
    expect(returnUrlProblem('http://127.0.0.1/done', local)).toBeUndefined();
    expect(returnUrlProblem('http://[::1]:8080/', local)).toBeUndefined();
    expect(returnUrlProblem('http://localhost:3000/done', prod)).toBe('must be https');
    expect(returnUrlProblem('https://movix.example/', prod)).toBeUndefined();
  });

  it.each([
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    '//evil.example',
    'http://evil.example/',
    'ftp://movix.example/',
    'https://movix.example@evil.example/',
    'https://user:pass@movix.example/',
    'https:\\\\evil.example',
    'https://evil.example\\@movix.example',
    'https:/evil.example',
    'https:///evil.example',
    ' https://movix.example',
    'https://movix.example/\n',
    'http://localhost.evil.example/',
    `https://movix.example/${'a'.repeat(2048)}`,
  ])('refuses %s', (raw) => {
    expect(returnUrlProblem(raw, local)).toEqual(expect.any(String));
  });

  it('with RETURN_URL_HOSTS, only those hosts (a listed port only on that port)', () => {
    expect(returnUrlProblem('https://movix.example/done', listed)).toBeUndefined();
    expect(returnUrlProblem('https://MOVIX.example:444/done', listed)).toBeUndefined();
    expect(returnUrlProblem('https://pay.movix.example:8443/', listed)).toBeUndefined();
    for (const raw of ['https://evil.example/', 'https://movix.example.evil.example/', 'https://pay.movix.example/']) {
      expect(returnUrlProblem(raw, listed)).toMatch(/one of the allowed hosts/);
    }
  });
});
