import { createPublicKey, type KeyObject } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { createRemoteJWKSet, type JWTVerifyGetKey, errors as joseErrors, jwtVerify } from 'jose';
import type { Config } from '../config/config.js';
import { contactFromClaims } from '../domain/customer-contact.js';
import { ForbiddenError, UnauthorizedError, UnavailableError } from '../domain/errors.js';
import type { AppEnv, Principal } from './app-env.js';

const CLOCK_SKEW_SECONDS = 30;

function readRoles(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.filter((r): r is string => typeof r === 'string');
  if (typeof claim === 'string') return claim.split(/[\s,]+/).filter(Boolean);
  return [];
}

/**
 * The issuer's key set, fetched again when a token names a `kid` it does not hold (a rotated-in key; at most once per
 * cooldown) and when the copy is older than its max age (a removed key stops verifying then, or sooner).
 */
function remoteKeySet(jwks: NonNullable<Config['auth']['jwks']>): JWTVerifyGetKey {
  const keySet = createRemoteJWKSet(new URL(jwks.url), {
    cacheMaxAge: jwks.maxAgeMs,
    cooldownDuration: jwks.cooldownMs,
  });
  return async (header, token) => {
    try {
      return await keySet(header, token);
    } catch (error) {
      // No key for this token is the token's fault (401); a key set we cannot fetch or read is ours (503).
      if (error instanceof joseErrors.JWKSNoMatchingKey || error instanceof joseErrors.JWKSMultipleMatchingKeys)
        throw error;
      throw new UnavailableError('token_keys_unavailable', "The token issuer's key set cannot be fetched; try again");
    }
  };
}

/**
 * The key tokens are verified with. The algorithm is fixed by configuration, never read from the token: an HS256
 * deployment refuses RS256 tokens and vice versa, `alg: none` is refused by both, and an RS256 public key can never
 * be misused as an HMAC secret.
 */
function verificationKey(auth: Config['auth']): JWTVerifyGetKey {
  if (auth.algorithm === 'RS256' && auth.jwks) return remoteKeySet(auth.jwks);
  const key = staticKey(auth);
  return () => key;
}

function staticKey(auth: Config['auth']): Uint8Array | KeyObject {
  if (auth.algorithm === 'HS256') return new TextEncoder().encode(auth.jwtSecret);
  if (!auth.publicKey) throw new Error('JWT_ALGORITHM=RS256 needs JWT_PUBLIC_KEY or JWT_JWKS_URL');
  return createPublicKey(auth.publicKey);
}

/**
 * Verifies `Authorization: Bearer <JWT>`: the configured algorithm only; `sub` and `exp` required; `iss` and `aud`
 * must match when configured (required in production), so a token minted for another service is refused.
 */
export function createTokenVerifier(auth: Config['auth']) {
  const key = verificationKey(auth);
  const algorithms = [auth.algorithm];
  const expected = {
    ...(auth.issuer ? { issuer: auth.issuer } : {}),
    ...(auth.audience ? { audience: auth.audience } : {}),
  };
  return async (authorization: string | undefined): Promise<Principal> => {
    const match = authorization?.match(/^Bearer\s+(\S+)$/i);
    if (!match?.[1]) throw new UnauthorizedError();
    try {
      const { payload } = await jwtVerify(match[1], key, {
        algorithms,
        ...expected,
        requiredClaims: ['sub', 'exp'],
        clockTolerance: CLOCK_SKEW_SECONDS,
      });
      if (typeof payload.sub !== 'string' || payload.sub.trim() === '')
        throw new UnauthorizedError('Invalid bearer token');
      const roles = readRoles(payload[auth.rolesClaim]);
      return { userId: payload.sub, roles, isAdmin: roles.includes(auth.adminRole), ...contactFromClaims(payload) };
    } catch (error) {
      if (error instanceof joseErrors.JOSEError) throw new UnauthorizedError('Invalid bearer token');
      throw error;
    }
  };
}

export function requireUser(verify: ReturnType<typeof createTokenVerifier>): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('principal', await verify(c.req.header('authorization')));
    await next();
  };
}

export function requireAdmin(verify: ReturnType<typeof createTokenVerifier>): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const principal = await verify(c.req.header('authorization'));
    if (!principal.isAdmin) throw new ForbiddenError();
    c.set('principal', principal);
    await next();
  };
}

export interface Guards {
  user: MiddlewareHandler<AppEnv>;
  admin: MiddlewareHandler<AppEnv>;
}

export function createGuards(auth: Config['auth']): Guards {
  const verify = createTokenVerifier(auth);
  return { user: requireUser(verify), admin: requireAdmin(verify) };
}
