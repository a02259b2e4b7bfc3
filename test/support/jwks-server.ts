// A token issuer's JWKS endpoint on loopback, whose keys a test rotates: what JWT_JWKS_URL points at.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';

export interface IssuerKey {
  kid: string;
  jwk: JWK;
  sign(claims: Record<string, unknown>, options: { sub: string; iss?: string; aud?: string }): Promise<string>;
}

export async function issuerKey(kid: string): Promise<IssuerKey> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { modulusLength: 2048 });
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  return {
    kid,
    jwk,
    sign: (claims, { sub, iss, aud }) => {
      const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid }).setSubject(sub).setExpirationTime('5m');
      if (iss) jwt.setIssuer(iss);
      if (aud) jwt.setAudience(aud);
      return jwt.sign(privateKey);
    },
  };
}

/** Serves `{ keys }` at /jwks.json, or the status a test breaks it with; counts the fetches. */
export async function startJwksServer(initial: IssuerKey[]) {
  let keys = initial;
  let failWith: number | undefined;
  let fetches = 0;
  const server = createServer((req, res) => {
    if (req.url !== '/jwks.json') return void res.writeHead(404).end();
    fetches += 1;
    if (failWith) return void res.writeHead(failWith).end();
    res.writeHead(200, { 'content-type': 'application/jwk-set+json' });
    res.end(JSON.stringify({ keys: keys.map((k) => k.jwk) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/jwks.json`,
    serve(next: IssuerKey[]) {
      keys = next;
      failWith = undefined;
    },
    fail(status: number) {
      failWith = status;
    },
    fetches: () => fetches,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
