import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.js';

describe('security headers', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({}, { worker: false });
  });
  afterAll(async () => {
    await h?.close();
  });

  const responses: Array<[string, () => Response | Promise<Response>]> = [
    ['a public 200', () => h.app.request('/v1/plans')],
    ['a 401', () => h.app.request('/v1/subscriptions')],
    ['a 404 route_not_found', () => h.app.request('/v1/nowhere')],
    [
      'a 400 malformed_json',
      () => h.app.request('/v1/plans', { method: 'POST', body: '{', headers: { 'content-type': 'application/json' } }),
    ],
    ['a 413', () => h.app.request('/v1/plans', { method: 'POST', body: 'x'.repeat(2 * 1024 * 1024) })],
  ];

  it.each(responses)('are on %s', async (_name, call) => {
    const res = await call();
    expect(Object.fromEntries(res.headers)).toMatchObject({
      'content-security-policy': expect.stringContaining("default-src 'none'"),
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'strict-transport-security': expect.stringContaining('max-age='),
      'cross-origin-opener-policy': 'same-origin',
      'cache-control': 'no-store',
    });
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('/docs gets a CSP that lets Swagger UI run from this origin only', async () => {
    const csp = (await h.app.request('/docs')).headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*(unsafe-inline|unsafe-eval|https?:)/);
    expect(csp).toContain("frame-ancestors 'none'");
  });
});
