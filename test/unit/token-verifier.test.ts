import { SignJWT, UnsecuredJWT } from 'jose';
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
