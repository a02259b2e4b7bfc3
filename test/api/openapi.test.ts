import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.js';
import { body } from '../support/http.js';

describe('OpenAPI document and docs page', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('/openapi.json is a valid OpenAPI 3 document describing every route the app serves', async () => {
    const res = await h.app.request('/openapi.json');
    expect(res.status).toBe(200);
    const doc = await body(res);
    expect(doc.openapi).toMatch(/^3\./);
    await expect(SwaggerParser.validate(structuredClone(doc))).resolves.toBeTruthy();
    const operations = Object.entries(doc.paths as Record<string, object>).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations).toEqual(
      expect.arrayContaining([
        'GET /health',
        'GET /ready',
        'GET /v1/plans',
        'POST /v1/plans',
        'PATCH /v1/plans/{id}',
        'POST /v1/admin/probes',
        'GET /v1/admin/probes/{id}',
        'GET /v1/admin/events',
        'POST /v1/admin/events/{id}/redeliver',
        'GET /v1/admin/dunning',
        'GET /v1/admin/finance/summary',
      ]),
    );
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('/docs loads only same-origin assets, and those assets are served', async () => {
    const html = await (await h.app.request('/docs')).text();
    const urls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] ?? '');
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) {
      expect(url.startsWith('/docs/assets/')).toBe(true);
      const asset = await h.app.request(url);
      expect(asset.status).toBe(200);
      expect((await asset.text()).length).toBeGreaterThan(0);
    }
    expect((await h.app.request('/docs/assets/../../package.json')).status).toBe(404);
  });

  it('/health is ok and /ready reports the database and Temporal', async () => {
    expect(await body(await h.app.request('/health'))).toEqual({ status: 'ok' });
    const ready = await h.app.request('/ready');
    expect(ready.status).toBe(200);
    expect(await body(ready)).toEqual({ status: 'ready', checks: { database: 'ok', temporal: 'ok' } });
  });

  it('/ready is 503 naming the database when the database is gone', async () => {
    const broken = await startHarness();
    await broken.database.close();
    const ready = await broken.app.request('/ready');
    await broken.close().catch(() => {});
    expect(ready.status).toBe(503);
    expect(await body(ready)).toEqual({ status: 'not_ready', checks: { database: 'down', temporal: 'ok' } });
  });
});
