import { exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.js';
import { body } from '../support/http.js';
import { type IssuerKey, issuerKey, startJwksServer } from '../support/jwks-server.js';

/** GET /v1/subscriptions over real HTTP with this bearer token. */
const list = (h: Harness, token: string) =>
  fetch(`${h.apiUrl}/v1/subscriptions`, { headers: { authorization: `Bearer ${token}` } });
const answer = async (res: Response) => [res.status, res.status === 200 ? 'ok' : (await body(res)).error.code];

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

  const sign = (alg: string, key: Parameters<SignJWT['sign']>[0]) =>
    new SignJWT({ roles: ['admin'] })
      .setProtectedHeader({ alg })
      .setSubject('rs-user')
      .setExpirationTime('5m')
      .sign(key);

  it('accepts a token signed with the private key of the configured public key', async () => {
    const res = await list(h, await sign('RS256', privateKey));
    expect([res.status, await body(res)]).toEqual([200, { items: [], has_more: false }]);
  });

  it('refuses an HS256 token that uses the public key as its HMAC secret, and one of the shared secret', async () => {
    for (const secret of [pem, h.config.auth.jwtSecret]) {
      const res = await list(h, await sign('HS256', new TextEncoder().encode(secret)));
      expect(await answer(res)).toEqual([401, 'unauthorized']);
    }
  });
});

describe('API with RS256 keys from the issuer JWKS (JWT_JWKS_URL), issuer and audience checked', async () => {
  const iss = 'https://auth.movix.test';
  const aud = 'movix-billing';
  const [first, second] = await Promise.all([issuerKey('key-2024'), issuerKey('key-2025')]);
  const jwks = await startJwksServer([first]);
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(
      {
        JWT_ALGORITHM: 'RS256',
        JWT_JWKS_URL: jwks.url,
        // No cooldown, so a rotation is seen by the very next token; production keeps the 30 s default.
        JWT_JWKS_COOLDOWN_SECONDS: '0',
        JWT_ISSUER: iss,
        JWT_AUDIENCE: aud,
      },
      { worker: false },
    );
  });
  afterAll(async () => {
    await h?.close();
    await jwks.close();
  });

  const tokenOf = (key: IssuerKey, claims: { iss?: string; aud?: string } = { iss, aud }) =>
    key.sign({ roles: [] }, { sub: 'jwks-user', ...claims });

  it('accepts a token of a key the set holds, and refuses one of a key it does not', async () => {
    expect(await answer(await list(h, await tokenOf(first)))).toEqual([200, 'ok']);
    expect(await answer(await list(h, await tokenOf(second)))).toEqual([401, 'unauthorized']);
  });

  it('refuses a token of the right key for another issuer or audience, or without them', async () => {
    for (const claims of [{ iss: 'https://evil.test', aud }, { iss, aud: 'other-service' }, { iss }, { aud }]) {
      expect(await answer(await list(h, await tokenOf(first, claims)))).toEqual([401, 'unauthorized']);
    }
  });

  it('after a rotation, the rotated-in key verifies and the removed key is refused', async () => {
    jwks.serve([second]);
    const before = jwks.fetches();
    expect(await answer(await list(h, await tokenOf(second)))).toEqual([200, 'ok']);
    expect(jwks.fetches()).toBeGreaterThan(before);
    expect(await answer(await list(h, await tokenOf(first)))).toEqual([401, 'unauthorized']);
  });

  it('a key set that cannot be fetched is 503 token_keys_unavailable, not a 500 or a pass', async () => {
    jwks.fail(500);
    const stranger = await issuerKey('key-unknown');
    expect(await answer(await list(h, await tokenOf(stranger)))).toEqual([503, 'token_keys_unavailable']);
    jwks.serve([second]);
    expect(await answer(await list(h, await tokenOf(second)))).toEqual([200, 'ok']);
  });
});
