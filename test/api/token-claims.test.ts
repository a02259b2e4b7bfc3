// Issue 11 point 4 over real HTTP: with JWT_ISSUER and JWT_AUDIENCE set, a token signed with the right key but minted
// for another issuer or service is refused.
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.js';
import { body } from '../support/http.js';

const ISSUER = 'https://auth.movix.test';
const AUDIENCE = 'movix-billing';

describe('HS256 tokens with JWT_ISSUER and JWT_AUDIENCE', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE }, { worker: false });
  });
  afterAll(async () => {
    await h?.close();
  });

  const list = (token: string) =>
    fetch(`${h.apiUrl}/v1/subscriptions`, { headers: { authorization: `Bearer ${token}` } });
  const sign = (claims: { iss?: string; aud?: string | string[] }, exp: number | string = '5m') => {
    const jwt = new SignJWT({ roles: ['admin'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('operator');
    jwt.setExpirationTime(exp);
    if (claims.iss) jwt.setIssuer(claims.iss);
    if (claims.aud) jwt.setAudience(claims.aud);
    return jwt.sign(new TextEncoder().encode(h.config.auth.jwtSecret));
  };

  it("accepts the harness's tokens, which carry the configured iss and aud, and an audience list naming billing", async () => {
    expect((await list(await h.token('user-1'))).status).toBe(200);
    expect((await list(await sign({ iss: ISSUER, aud: ['movix-catalog', AUDIENCE] }))).status).toBe(200);
  });

  it.each([
    ['another issuer', { iss: 'https://evil.test', aud: AUDIENCE }],
    ['another audience', { iss: ISSUER, aud: 'movix-catalog' }],
    ['no issuer', { aud: AUDIENCE }],
    ['no audience', { iss: ISSUER }],
    ['neither', {}],
  ])('refuses a correctly signed admin token with %s: 401', async (_name, claims) => {
    const res = await list(await sign(claims));
    expect([res.status, (await body(res)).error.code]).toEqual([401, 'unauthorized']);
  });

  it('keeps the 30 s clock skew: expired 10 s ago passes, 120 s ago does not', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect((await list(await sign({ iss: ISSUER, aud: AUDIENCE }, now - 10))).status).toBe(200);
    expect((await list(await sign({ iss: ISSUER, aud: AUDIENCE }, now - 120))).status).toBe(401);
  });
});
