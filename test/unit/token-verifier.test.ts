import { exportSPKI, generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { createTokenVerifier } from '../../api/auth.js';
import { loadConfig } from '../../config/config.js';
import { UnauthorizedError } from '../../domain/errors.js';

const { auth } = loadConfig({ JWT_SECRET: 'unit-test-secret-0123456789' });
const verify = createTokenVerifier(auth);
const key = (secret = auth.jwtSecret) => new TextEncoder().encode(secret);
const now = () => Math.floor(Date.now() / 1000);

const sign = (claims: Record<string, unknown>, { secret = auth.jwtSecret, sub = 'u1', exp = now() + 60 } = {}) => {
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256' });
  if (sub) jwt.setSubject(sub);
  if (exp) jwt.setExpirationTime(exp);
  return jwt.sign(key(secret));
};

describe('bearer token verification', () => {
  it('accepts a valid HS256 token and reads sub and an array of roles', async () => {
    const p = await verify(`Bearer ${await sign({ roles: ['admin', 'subscriber'] })}`);
    expect(p).toEqual({ userId: 'u1', roles: ['admin', 'subscriber'], isAdmin: true });
  });

  it('reads a space-separated roles string, and no roles means not admin', async () => {
    expect((await verify(`Bearer ${await sign({ roles: 'subscriber admin' })}`)).isAdmin).toBe(true);
    expect((await verify(`Bearer ${await sign({})}`)).isAdmin).toBe(false);
  });

  it('accepts a token expired less than the 30 s clock skew ago', async () => {
    await expect(verify(`Bearer ${await sign({}, { exp: now() - 10 })}`)).resolves.toMatchObject({ userId: 'u1' });
  });

  const rejected: Array<[string, () => Promise<string | undefined>]> = [
    ['no header', async () => undefined],
    ['a non-bearer scheme', async () => `Basic ${Buffer.from('a:b').toString('base64')}`],
    ['garbage', async () => 'Bearer not-a-jwt'],
    ['another key', async () => `Bearer ${await sign({}, { secret: 'some-other-secret-0123456789' })}`],
    ['expired beyond the skew', async () => `Bearer ${await sign({}, { exp: now() - 120 })}`],
    ['no exp', async () => `Bearer ${await sign({}, { exp: 0 })}`],
    ['no sub', async () => `Bearer ${await sign({}, { sub: '' })}`],
    [
      'alg none',
      async () => `Bearer ${new UnsecuredJWT({ sub: 'u1', roles: ['admin'] }).setExpirationTime('5m').encode()}`,
    ],
  ];

  it.each(rejected)('rejects %s with UnauthorizedError', async (_name, header) => {
    await expect(verify(await header())).rejects.toBeInstanceOf(UnauthorizedError);
  });
});

describe('bearer token verification: the configured algorithm only', () => {
  it('refuses a token signed with the right secret but another HMAC algorithm (HS512)', async () => {
    const hs512 = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS512' })
      .setSubject('u1')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(auth.jwtSecret.padEnd(64, 'x')));
    await expect(verify(`Bearer ${hs512}`)).rejects.toBeInstanceOf(UnauthorizedError);
  });

  it('refuses an unsigned token whose header claims HS256', async () => {
    const [header, payload] = (await sign({ roles: ['admin'] })).split('.');
    await expect(verify(`Bearer ${header}.${payload}.`)).rejects.toBeInstanceOf(UnauthorizedError);
  });

  it('refuses a token whose sub is an empty string', async () => {
    const empty = await new SignJWT({ sub: '' })
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime('5m')
      .sign(key());
    await expect(verify(`Bearer ${empty}`)).rejects.toBeInstanceOf(UnauthorizedError);
  });
});

describe('bearer token verification with RS256', async () => {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { modulusLength: 2048 });
  const pem = await exportSPKI(publicKey);
  const rs = loadConfig({ JWT_ALGORITHM: 'RS256', JWT_PUBLIC_KEY: pem }).auth;
  const verifyRs = createTokenVerifier(rs);
  const token = (alg: string, signingKey: Parameters<SignJWT['sign']>[0]) =>
    new SignJWT({ roles: ['admin'] })
      .setProtectedHeader({ alg })
      .setSubject('u1')
      .setExpirationTime('5m')
      .sign(signingKey);

  it('accepts a token signed with the private key of the configured public key', async () => {
    await expect(verifyRs(`Bearer ${await token('RS256', privateKey)}`)).resolves.toEqual({
      userId: 'u1',
      roles: ['admin'],
      isAdmin: true,
    });
  });

  it('refuses an HS256 token that uses the public key as its HMAC secret (key confusion)', async () => {
    const forged = await token('HS256', new TextEncoder().encode(pem));
    await expect(verifyRs(`Bearer ${forged}`)).rejects.toBeInstanceOf(UnauthorizedError);
  });

  it('refuses RS256 tokens of another key pair, and HS256 tokens of the shared secret', async () => {
    const other = await generateKeyPair('RS256', { modulusLength: 2048 });
    await expect(verifyRs(`Bearer ${await token('RS256', other.privateKey)}`)).rejects.toBeInstanceOf(
      UnauthorizedError,
    );
    await expect(verifyRs(`Bearer ${await token('HS256', key(rs.jwtSecret))}`)).rejects.toBeInstanceOf(
      UnauthorizedError,
    );
  });

  it('refuses alg none', async () => {
    const none = new UnsecuredJWT({ sub: 'u1', roles: ['admin'] }).setExpirationTime('5m').encode();
    await expect(verifyRs(`Bearer ${none}`)).rejects.toBeInstanceOf(UnauthorizedError);
  });
});
