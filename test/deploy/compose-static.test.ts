// docker-compose.yml checked without a Docker engine: against the Compose Specification's JSON schema after compose's
// own interpolation, then for what the schema cannot see (start order, entry points, Temporal's setup).
import { describe, expect, it } from 'vitest';
import { createComposeValidator, describeErrors } from '../support/compose-schema.js';
import { composeSemanticProblems, durationSeconds } from '../support/compose-semantics.js';
import {
  type ComposeFile,
  envFileValues,
  interpolate,
  interpolateDeep,
  loadCompose,
  parseEnvFile,
  repoFile,
} from '../support/deploy-files.js';

const operatorEnv = {
  ...envFileValues(parseEnvFile(repoFile('.env.example'))),
  POSTGRES_PASSWORD: 'pg-password',
  PUBLIC_BASE_URL: 'https://billing.movix.example',
  JWT_ISSUER: 'https://auth.movix.example',
  JWT_AUDIENCE: 'movix-billing',
  THREE_DS_STATE_SECRET: 'compose-test-3-d-secure-state-key-0123',
  INBOX_ENCRYPTION_KEY: Buffer.alloc(32, 5).toString('base64'),
  CLOUDPAYMENTS_PUBLIC_ID: 'pk_live',
  CLOUDPAYMENTS_API_SECRET: 'cp-live-secret',
};
const raw = loadCompose();
const compose = interpolateDeep(raw, operatorEnv);
const validate = createComposeValidator();
const GRACE = { api: 30, worker: 60 };
const copy = (): ComposeFile => structuredClone(compose);

describe('docker-compose.yml against the Compose Specification schema', () => {
  it('is valid once interpolated from a filled-in .env', () => {
    expect(describeErrors(validate(compose))).toEqual([]);
  });

  it('refuses a misspelt key and a duration compose cannot read', () => {
    const broken = copy() as ComposeFile & { services: Record<string, Record<string, unknown>> };
    (broken.services.api as Record<string, unknown>).environmnet = {};
    (broken.services.worker as Record<string, unknown>).stop_grace_period = 'a minute';
    expect(describeErrors(validate(broken))).toEqual([
      '/services/api must NOT have additional properties {"additionalProperty":"environmnet"}',
      '/services/worker/stop_grace_period must match format "duration" {"format":"duration"}',
    ]);
  });
});

describe('docker-compose.yml beyond the schema', () => {
  it('holds together: dependencies exist and can be met, node runs compiled code, stops are graceful', () => {
    expect(composeSemanticProblems(compose, GRACE)).toEqual([]);
  });

  it('names each broken rule', () => {
    const broken = copy();
    const { api, worker, temporal } = broken.services as Record<string, ComposeFile['services'][string]>;
    Object.assign(api as object, { command: ['npm', 'run', 'api'], stop_grace_period: '5s' });
    Object.assign(worker as object, {
      depends_on: { temporl: { condition: 'service_healthy' } },
      command: ['node', 'dist/worker/run.js'],
    });
    Object.assign(temporal as object, { image: 'temporalio/auto-setup:1.29.1' });
    expect(composeSemanticProblems(broken, GRACE)).toEqual([
      'temporal: temporalio/auto-setup is deprecated',
      'worker: depends on temporl, which is not a service',
      'api: runs ["npm","run","api"], not compiled JavaScript by node (["node", "dist/….js"])',
      'api: npm/npx/tsx in its command: signals would stop at them',
      'api: stop_grace_period 5s is too short',
      'worker: runs dist/worker/run.js, compiled from no worker/run.ts',
    ]);
  });

  it('reads Go durations', () => {
    expect([
      durationSeconds('90s'),
      durationSeconds('1m30s'),
      durationSeconds('1h'),
      durationSeconds(undefined),
    ]).toEqual([90, 90, 3600, 0]);
  });
});

describe('Temporal in compose, the supported way', () => {
  const services = compose.services;

  it('runs temporalio/server (pinned) once the schema job completed, with both databases on PostgreSQL', () => {
    expect(services.temporal?.image).toMatch(/^temporalio\/server:1\.\d+\.\d+$/);
    expect(services.temporal?.depends_on).toEqual({
      'temporal-schema': { condition: 'service_completed_successfully' },
    });
    expect(services.temporal?.environment).toMatchObject({
      DB: 'postgres12',
      DBNAME: 'temporal',
      VISIBILITY_DBNAME: 'temporal_visibility',
    });
    expect(services['temporal-schema']?.image).toMatch(/^temporalio\/admin-tools:1\.\d+\.\d+/);
    expect(services['temporal-schema']?.entrypoint).toEqual(['/bin/sh', '/deploy/setup-schema.sh']);
  });

  it('creates the namespace with 90 days of retention unless told otherwise, before the API and the worker start', () => {
    const job = services['temporal-namespace'];
    expect(job?.entrypoint).toEqual(['/bin/sh', '/deploy/setup-namespace.sh']);
    const retention = String(raw.services['temporal-namespace']?.environment?.TEMPORAL_NAMESPACE_RETENTION);
    expect(interpolate(retention, {})).toBe('90d');
    expect(interpolate(retention, { TEMPORAL_NAMESPACE_RETENTION: '400d' })).toBe('400d');
    for (const name of ['api', 'worker']) {
      expect(services[name]?.depends_on).toMatchObject({
        'temporal-namespace': { condition: 'service_completed_successfully' },
      });
    }
  });

  it('serves the Web UI read-only on the host loopback unless the operator chooses otherwise', () => {
    const ui = interpolateDeep(raw.services['temporal-ui'], {});
    expect(ui?.environment?.TEMPORAL_DISABLE_WRITE_ACTIONS).toBe('true');
    expect(ui?.ports).toEqual(['127.0.0.1:8233:8080']);
  });

  it("checks the worker's readiness on its ops port and lets it drain for longer than the API", () => {
    const worker = services.worker;
    const port = String(worker?.environment?.OPS_PORT);
    expect(JSON.stringify(worker?.healthcheck?.test)).toContain(`http://localhost:${port}/ready`);
    expect(durationSeconds(worker?.stop_grace_period)).toBeGreaterThan(
      durationSeconds(services.api?.stop_grace_period),
    );
  });
});
