// docker-compose.yml read statically: with the variables the README names as required, the environment compose hands
// the API passes the production configuration and the bind guard; without them, compose itself stops.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiPublicDefaults, assertSafeBind } from '../../config/bind-guard.js';
import { loadConfig } from '../../config/config.js';

const compose = readFileSync(join(import.meta.dirname, '../../docker-compose.yml'), 'utf8');

/** `KEY: value` lines of the first block opened by `startPattern` after the line matching `after`. */
function block(startPattern: RegExp, indent: string, after = /^/): Record<string, string> {
  const lines = compose.split('\n');
  const from = lines.findIndex((l) => after.test(l));
  const start = lines.findIndex((l, i) => i > from && startPattern.test(l));
  const entries: Record<string, string> = {};
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '' || line.trim().startsWith('#') || line.trim().startsWith('<<:')) continue;
    const match = new RegExp(`^${indent}([A-Z_][A-Z0-9_]*): ?(.*)$`).exec(line);
    if (!match) break;
    entries[match[1] as string] = (match[2] as string).replace(/^"(.*)"$/, '$1');
  }
  return entries;
}

/** Compose's interpolation of `${VAR}`, `${VAR:-default}` and `${VAR:?message}`. */
function interpolate(value: string, operator: Record<string, string>): string {
  return value.replace(/\$\{([A-Z_][A-Z0-9_]*)(?::([-?])([^}]*))?\}/g, (_all, name: string, kind, rest: string) => {
    const set = operator[name];
    if (set) return set;
    if (kind === '?') throw new Error(`compose stops: ${rest}`);
    return kind === '-' ? rest : '';
  });
}

const operator = {
  POSTGRES_PASSWORD: 'pg-password',
  JWT_SECRET: 'compose-test-jwt-secret',
  JWT_ISSUER: 'https://auth.movix.example',
  JWT_AUDIENCE: 'movix-billing',
  PUBLIC_BASE_URL: 'https://billing.movix.example',
  CLOUDPAYMENTS_PUBLIC_ID: 'pk_live',
  CLOUDPAYMENTS_API_SECRET: 'cp-live-secret',
  THREE_DS_STATE_SECRET: 'compose-test-3-d-secure-state-key-0123',
  INBOX_ENCRYPTION_KEY: Buffer.alloc(32, 5).toString('base64'),
};

const apiEnv = (given: Record<string, string>) =>
  Object.fromEntries(
    Object.entries({ ...block(/^x-billing-env:/, '  '), ...block(/^ {4}environment:/, ' {6}', /^ {2}api:/) }).map(
      ([k, v]) => [k, interpolate(v, given)],
    ),
  );

describe('docker-compose.yml', () => {
  it("gives the API a production configuration that starts and may listen on the container's interface", () => {
    const env = apiEnv(operator);
    expect(env).toMatchObject({ NODE_ENV: 'production', HOST: '0.0.0.0' });
    const config = loadConfig(env);
    expect(config.auth).toMatchObject({ issuer: operator.JWT_ISSUER, audience: operator.JWT_AUDIENCE });
    expect(config.acquiring.cloudpayments.apiUrl).toBe('https://api.cloudpayments.ru');
    expect(() => assertSafeBind('API', 'HOST', config.http.host, apiPublicDefaults(config))).not.toThrow();
  });

  it.each(['JWT_ISSUER', 'JWT_AUDIENCE', 'CLOUDPAYMENTS_API_SECRET'])('stops without %s', (name) => {
    expect(() => apiEnv({ ...operator, [name]: '' })).toThrow(`set ${name}`);
  });

  it('with HS256 and no JWT_SECRET, the service refuses to start', () => {
    expect(() => loadConfig(apiEnv({ ...operator, JWT_SECRET: '' }))).toThrow(/JWT_SECRET: must be set in production/);
  });
});
