import { exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.js';
import { body } from '../support/http.js';

describe('API configured for RS256 tokens', async () => {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { modulusLength: 2048 });
  const pem = await exportSPKI(publicKey);
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ JWT_ALGORITHM: 'RS256', JWT_PUBLIC_KEY: pem }, { worker: false });
  });
  afterAll(async () => {
    await h?.close();
  });

  const list = (token: string) => h.app.request('/v1/subscriptions', { headers: { authorization: `Bearer ${token}` } });
  const sign = (alg: string, key: Parameters<SignJWT['sign']>[0]) =>
    new SignJWT({ roles: ['admin'] })
      .setProtectedHeader({ alg })
      .setSubject('rs-user')
      .setExpirationTime('5m')
      .sign(key);

  it('accepts a token signed with the private key of the configured public key', async () => {
    const res = await list(await sign('RS256', privateKey));
    expect([res.status, await body(res)]).toEqual([200, { items: [] }]);
  });

  it('refuses an HS256 token that uses the public key as its HMAC secret, and one of the shared secret', async () => {
    for (const secret of [pem, h.config.auth.jwtSecret]) {
      const res = await list(await sign('HS256', new TextEncoder().encode(secret)));
      expect([res.status, (await body(res)).error.code]).toEqual([401, 'unauthorized']);
    }
  });
});
