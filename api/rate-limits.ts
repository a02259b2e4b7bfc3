// Per-user and per-address limits on the routes of rate-limit-policy.ts, counted by rate-limiter-flexible.
import type { MiddlewareHandler } from 'hono';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { Config } from '../config/config.js';
import type { Logger } from '../observability/logger.js';
import type { App, AppEnv } from './app-env.js';
import { clientAddress } from './client-ip.js';
import { errorBody } from './error-handler.js';
import { RATE_LIMITED_ROUTES, type RateLimitBucket } from './rate-limit-policy.js';

/** What the middleware needs of a limiter; every rate-limiter-flexible store (Memory, Postgres, Redis…) has it. */
export interface Limiter {
  consume(key: string): Promise<RateLimiterRes>;
}

export type RateLimiters = Record<RateLimitBucket, { user: Limiter; ip: Limiter }>;

type RateLimitConfig = Config['rateLimits'];

/** One process's counters: right for a single replica (see README "Security" for a fleet). */
export function createMemoryRateLimiters({ buckets }: RateLimitConfig): RateLimiters {
  const limiters = (bucket: RateLimitBucket) => {
    const { perUser, perIp, windowSeconds: duration } = buckets[bucket];
    return {
      user: new RateLimiterMemory({ keyPrefix: `${bucket}-user`, points: perUser, duration }),
      ip: new RateLimiterMemory({ keyPrefix: `${bucket}-ip`, points: perIp, duration }),
    };
  };
  return { checkout: limiters('checkout'), update: limiters('update'), operator: limiters('operator') };
}

/** Milliseconds until the key may pass again, or undefined when this request is within the limit. */
async function refusal(limiter: Limiter, key: string): Promise<number | undefined> {
  try {
    await limiter.consume(key);
    return undefined;
  } catch (rejection) {
    // A store that fails rejects with an Error: the request fails rather than passing unlimited.
    if (rejection instanceof RateLimiterRes) return rejection.msBeforeNext;
    throw rejection;
  }
}

/**
 * Counts every request that passed authentication, whatever its outcome: a declined card, an invalid body or a 409
 * is exactly what card testing and floods consist of. The user's own bucket is asked first, so a user past their
 * limit stops spending the budget of everyone behind the same address.
 */
function limitRequests(
  bucket: RateLimitBucket,
  limiters: RateLimiters[RateLimitBucket],
  trustedProxyHops: number,
  logger: Logger,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const principal = c.get('principal');
    if (!principal) throw new Error(`rate limit on ${c.req.path} runs before authentication`);
    const byUser = await refusal(limiters.user, principal.userId);
    const waitMs = byUser ?? (await refusal(limiters.ip, clientAddress(c, trustedProxyHops)));
    if (waitMs === undefined) return next();
    const scope = byUser === undefined ? 'ip' : 'user';
    const retryAfterSeconds = Math.max(1, Math.ceil(waitMs / 1000));
    logger.warn({ bucket, scope, path: c.req.path, retryAfterSeconds }, 'rate limited');
    return c.json(errorBody('rate_limited', 'Too many requests; try again later', { retryAfterSeconds, scope }), 429, {
      'Retry-After': String(retryAfterSeconds),
    });
  };
}

const toHonoPath = (openApiPath: string) => openApiPath.replace(/\{([^}]+)\}/g, ':$1');

/** Puts each limited route's limit after its guard (call after applyAccessPolicy) and before the body is read. */
export function applyRateLimits(app: App, limiters: RateLimiters, config: RateLimitConfig, logger: Logger) {
  for (const [route, bucket] of Object.entries(RATE_LIMITED_ROUTES)) {
    const [method = '', path = ''] = route.split(' ');
    app.on(method, toHonoPath(path), limitRequests(bucket, limiters[bucket], config.trustedProxyHops, logger));
  }
}
