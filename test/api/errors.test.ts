import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../api/create-app.js';
import { plans } from '../../db/schema/index.js';
import { type Harness, startHarness } from '../support/harness.js';
import { body } from '../support/http.js';

describe('error format of api.md', () => {
  let h: Harness;
  let admin: Record<string, string>;
  const planCount = async () => (await h.database.db.select({ n: count() }).from(plans))[0]?.n;
  const post = (payload: string, headers: Record<string, string> = {}) =>
    h.app.request('/v1/plans', {
      method: 'POST',
      body: payload,
      headers: { ...admin, 'content-type': 'application/json', ...headers },
    });

  beforeAll(async () => {
    h = await startHarness();
    admin = { authorization: `Bearer ${await h.token('op', { admin: true })}` };
  });
  afterAll(async () => {
    await h?.close();
  });

  it('malformed JSON is 400 malformed_json and writes nothing', async () => {
    const before = await planCount();
    const res = await post('{"name": "Broken",');
    expect(res.status).toBe(400);
    expect(await body(res)).toEqual({ error: { code: 'malformed_json', message: expect.any(String), details: {} } });
    expect(await planCount()).toBe(before);
  });

  it('wrong types are 400 validation_failed naming each offending field', async () => {
    const res = await post(
      JSON.stringify({ name: 'X', amount: '100', currency: 'rub', period: { unit: 'fortnight', count: 0 } }),
    );
    expect(res.status).toBe(400);
    const { error } = await body(res);
    expect(error.code).toBe('validation_failed');
    const paths = error.details.fields.map((f: { path: string }) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining(['json.amount', 'json.currency', 'json.period.unit', 'json.period.count']),
    );
  });

  it('a form body where JSON is required is 415 unsupported_media_type and writes nothing', async () => {
    const before = await planCount();
    const res = await post('name=X', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(415);
    expect((await body(res)).error.code).toBe('unsupported_media_type');
    expect(await planCount()).toBe(before);
  });

  it(`a body over ${MAX_BODY_BYTES} bytes is 413 payload_too_large`, async () => {
    const res = await post(JSON.stringify({ name: 'x'.repeat(MAX_BODY_BYTES) }));
    expect(res.status).toBe(413);
    expect((await body(res)).error.code).toBe('payload_too_large');
  });

  it('an unknown route is 404 route_not_found', async () => {
    const res = await h.app.request('/v1/nowhere');
    expect(res.status).toBe(404);
    expect((await body(res)).error.code).toBe('route_not_found');
  });

  it('an unexpected failure (database gone) is 500 internal_error with no internals in the body', async () => {
    const broken = await startHarness();
    await broken.database.close();
    const res = await broken.app.request('/v1/plans');
    const text = await res.text();
    await broken.close().catch(() => {});
    expect(res.status).toBe(500);
    expect(JSON.parse(text).error.code).toBe('internal_error');
    expect(text).not.toMatch(/at .*\.(ts|js):\d+|postgres|CONNECTION/i);
  });
});
