// Every setting reaches the API and the worker containers: docker-compose.yml and .env.example against the variable
// list of config/env-schema.ts, read at test time, so a variable another change adds fails here until it is deployed.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { apiPublicDefaults, assertSafeBind } from '../../config/bind-guard.js';
import { loadConfig } from '../../config/config.js';
import { envSchema } from '../../config/env-schema.js';
import {
  type DeploymentSettings,
  productionRequiredVariables,
  READ_OUTSIDE_SCHEMA,
  settingsCoverageProblems,
} from '../support/compose-env-coverage.js';
import {
  containerEnv,
  dockerfileEnvNames,
  envFileValues,
  loadCompose,
  parseEnvFile,
  repoFile,
} from '../support/deploy-files.js';

const composeText = repoFile('docker-compose.yml');
const compose = loadCompose(composeText);
const envExample = parseEnvFile(repoFile('.env.example'));

const deployed: DeploymentSettings = {
  schemaVariables: Object.keys(envSchema.shape),
  requiredInProduction: productionRequiredVariables(envSchema),
  compose,
  composeText,
  envExample,
  imageEnv: dockerfileEnvNames(repoFile('Dockerfile')),
};

/** What an operator writes into the empty lines of their copy of .env.example. */
const filledIn = {
  POSTGRES_PASSWORD: 'pg-password',
  PUBLIC_BASE_URL: 'https://billing.movix.example',
  JWT_ISSUER: 'https://auth.movix.example',
  JWT_AUDIENCE: 'movix-billing',
  JWT_SECRET: 'compose-test-jwt-secret',
  THREE_DS_STATE_SECRET: 'compose-test-3-d-secure-state-key-0123',
  INBOX_ENCRYPTION_KEY: Buffer.alloc(32, 5).toString('base64'),
  CLOUDPAYMENTS_PUBLIC_ID: 'pk_live',
  CLOUDPAYMENTS_API_SECRET: 'cp-live-secret',
};
const dotEnv = (overrides: Record<string, string> = {}) => ({
  ...envFileValues(envExample),
  ...filledIn,
  ...overrides,
});
const service = (name: string) => compose.services[name] ?? {};

describe('docker-compose.yml and .env.example keep every setting', () => {
  it('names as read outside the schema only variables the schema does not have (a stale exemption hides nothing)', () => {
    expect([...READ_OUTSIDE_SCHEMA].filter((name) => name in envSchema.shape)).toEqual([]);
  });

  it('lists every variable of config/env-schema.ts in .env.example, hands .env to the API and the worker, and stops compose without a required one', () => {
    expect(deployed.schemaVariables.length).toBeGreaterThan(80);
    expect(deployed.requiredInProduction).toEqual(expect.arrayContaining(['JWT_ISSUER', 'INBOX_ENCRYPTION_KEY']));
    expect(settingsCoverageProblems(deployed)).toEqual([]);
  });

  it('fails for a variable added to the schema but not to the deployment', () => {
    const later = z.object({ ...envSchema.shape, BILLING_NEW_SETTING: z.string().optional() });
    const problems = settingsCoverageProblems({ ...deployed, schemaVariables: Object.keys(later.shape) });
    expect(problems).toEqual([
      'BILLING_NEW_SETTING: read by the service (config/env-schema.ts), missing from .env.example',
    ]);
  });

  it('fails for a variable production starts requiring that compose does not stop without', () => {
    const later = z
      .object({ NODE_ENV: z.string(), BILLING_NEW_SECRET: z.string().optional() })
      .superRefine((env, ctx) => {
        if (env.NODE_ENV === 'production' && !env.BILLING_NEW_SECRET)
          ctx.addIssue({ code: 'custom', path: ['BILLING_NEW_SECRET'], message: 'must be set in production' });
      });
    const problems = settingsCoverageProblems({
      ...deployed,
      requiredInProduction: productionRequiredVariables(later),
    });
    const stop = '$' + '{BILLING_NEW_SECRET:?…}';
    expect(problems).toEqual([
      `api: BILLING_NEW_SECRET is required in production; compose must stop without it (${stop})`,
      `worker: BILLING_NEW_SECRET is required in production; compose must stop without it (${stop})`,
    ]);
  });

  it('fails for a stale .env.example line and for one that would override the image', () => {
    const problems = settingsCoverageProblems({
      ...deployed,
      envExample: [...envExample, { name: 'BILLING_GONE', value: '1', commented: false }],
      imageEnv: new Set(['LOG_LEVEL']),
    });
    expect(problems).toEqual([
      'BILLING_GONE: in .env.example, but neither the service nor compose reads it',
      "LOG_LEVEL: set in .env.example, it would override the image's ENV in api",
      "LOG_LEVEL: set in .env.example, it would override the image's ENV in worker",
    ]);
  });
});

describe('the environment compose hands the billing containers', () => {
  it.each(['api', 'worker'])('%s: .env.example filled in gives a production configuration that starts', (name) => {
    const env = containerEnv(service(name), dotEnv());
    expect(env).toMatchObject({ NODE_ENV: 'production', TEMPORAL_ADDRESS: 'temporal:7233', OPS_HOST: '0.0.0.0' });
    const config = loadConfig(env);
    expect(config.env).toBe('production');
    expect(config.database.url).toBe('postgres://billing:pg-password@postgres:5432/billing');
    expect(config.auth).toMatchObject({ issuer: filledIn.JWT_ISSUER, audience: filledIn.JWT_AUDIENCE });
    expect(config.acquiring.cloudpayments.apiUrl).toBe('https://api.cloudpayments.ru');
  });

  it("lets the API listen on the container's interface", () => {
    const config = loadConfig(containerEnv(service('api'), dotEnv()));
    expect(config.http.host).toBe('0.0.0.0');
    expect(() => assertSafeBind('API', 'HOST', config.http.host, apiPublicDefaults(config))).not.toThrow();
  });

  it.each(Object.keys(filledIn).filter((n) => n !== 'JWT_SECRET'))('compose stops when %s is left empty', (name) => {
    expect(() => containerEnv(service('api'), dotEnv({ [name]: '' }))).toThrow(`compose stops: ${name}`);
  });

  it('with HS256 and no JWT_SECRET, the service refuses to start', () => {
    const env = containerEnv(service('api'), dotEnv({ JWT_SECRET: '' }));
    expect(() => loadConfig(env)).toThrow(/JWT_SECRET: must be set in production/);
  });
});
