import type { App } from './app-env.js';

/**
 * `checkout`: subscribe and new card, where card testing happens (tight). `update`: a user's changes to a subscription,
 * each a workflow update (medium). `operator`: an admin's money moves (refunds, their decision, retry, cancel).
 */
export type RateLimitBucket = 'checkout' | 'update' | 'operator';

/** The rate-limited routes, by `METHOD /openapi/path`, and the bucket each one counts against. */
export const RATE_LIMITED_ROUTES: Readonly<Record<string, RateLimitBucket>> = {
  'POST /v1/subscriptions': 'checkout',
  'POST /v1/subscriptions/{id}/payment-method': 'checkout',
  'POST /v1/subscriptions/{id}/change-plan': 'update',
  'POST /v1/subscriptions/{id}/cancel': 'update',
  'POST /v1/subscriptions/{id}/resume': 'update',
  'POST /v1/payments/{id}/refunds': 'operator',
  'POST /v1/refunds/{id}/approve': 'operator',
  'POST /v1/refunds/{id}/reject': 'operator',
  'POST /v1/admin/subscriptions/{id}/retry': 'operator',
  'POST /v1/admin/subscriptions/{id}/cancel': 'operator',
};

/** Fails the build of the app when a limited route is not documented, or does not document its 429. */
export function assertRateLimitsCoverRoutes(app: App) {
  const responses = new Map<string, object>();
  for (const d of app.openAPIRegistry.definitions)
    if (d.type === 'route') responses.set(`${d.route.method.toUpperCase()} ${d.route.path}`, d.route.responses);
  const problems = Object.keys(RATE_LIMITED_ROUTES).flatMap((route) => {
    const documented = responses.get(route);
    if (!documented) return [`${route} is in RATE_LIMITED_ROUTES but no such route is documented`];
    return '429' in documented ? [] : [`${route} is rate-limited but does not document its 429`];
  });
  if (problems.length > 0) throw new Error(`Rate limits out of date:\n  ${problems.join('\n  ')}`);
}
