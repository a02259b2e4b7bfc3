import type { MiddlewareHandler } from 'hono';
import { errors as joseErrors, jwtVerify } from 'jose';
import type { Config } from '../config/config.js';
import { ForbiddenError, UnauthorizedError } from '../domain/errors.js';
import type { AppEnv, Principal } from './app-env.js';

const CLOCK_SKEW_SECONDS = 30;

function readRoles(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.filter((r): r is string => typeof r === 'string');
  if (typeof claim === 'string') return claim.split(/[\s,]+/).filter(Boolean);
  return [];
}

/** Verifies `Authorization: Bearer <JWT>` (HS256, `sub` and `exp` required) and returns who is calling. */
export function createTokenVerifier(auth: Config['auth']) {
  const key = new TextEncoder().encode(auth.jwtSecret);
  return async (authorization: string | undefined): Promise<Principal> => {
    const match = authorization?.match(/^Bearer\s+(\S+)$/i);
    if (!match?.[1]) throw new UnauthorizedError();
    try {
      const { payload } = await jwtVerify(match[1], key, {
        algorithms: ['HS256'],
        requiredClaims: ['sub', 'exp'],
        clockTolerance: CLOCK_SKEW_SECONDS,
      });
      const roles = readRoles(payload[auth.rolesClaim]);
      return { userId: String(payload.sub), roles, isAdmin: roles.includes(auth.adminRole) };
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
