import type { MiddlewareHandler } from 'hono';
import type { App, AppEnv } from './app-env.js';
import type { Guards } from './auth.js';

/**
 * Who may call a route. `user` routes show the caller only their own data (someone else's is a 404) and everything
 * to an admin; `admin` routes need the admin role (403 otherwise). The other kinds carry their own credential:
 * `acquirer` routes are verified by the acquirer's HMAC over the raw body, `payer_browser` by the signed state in the
 * TermUrl only the checkout's owner was given (api/three-ds-state.ts); without it an MD is answered as unknown.
 */
export type Access = 'public' | 'user' | 'admin' | 'acquirer' | 'payer_browser';

/** Every documented route, by `METHOD /openapi/path`. A route missing here stops the app from being built. */
export const ACCESS_POLICY: Readonly<Record<string, Access>> = {
  'GET /health': 'public',
  'GET /ready': 'public',
  'GET /v1/plans': 'public',
  'POST /v1/plans': 'admin',
  'PATCH /v1/plans/{id}': 'admin',
  'POST /v1/subscriptions': 'user',
  'GET /v1/subscriptions': 'user',
  'GET /v1/subscriptions/{id}': 'user',
  'POST /v1/subscriptions/{id}/cancel': 'user',
  'POST /v1/subscriptions/{id}/resume': 'user',
  'POST /v1/subscriptions/{id}/change-plan': 'user',
  'POST /v1/subscriptions/{id}/payment-method': 'user',
  'GET /v1/subscriptions/{id}/invoices': 'user',
  'GET /v1/payments': 'user',
  'GET /v1/payments/{id}': 'user',
  'POST /v1/payments/3ds/callback': 'payer_browser',
  'GET /v1/payments/3ds/callback': 'payer_browser',
  'POST /v1/payments/{id}/refunds': 'admin',
  'GET /v1/refunds': 'admin',
  'GET /v1/refunds/{id}': 'admin',
  'POST /v1/refunds/{id}/approve': 'admin',
  'POST /v1/refunds/{id}/reject': 'admin',
  'POST /v1/admin/probes': 'admin',
  'GET /v1/admin/probes/{id}': 'admin',
  'GET /v1/admin/reconciliation/discrepancies': 'admin',
  'POST /v1/admin/reconciliation/run': 'admin',
  'POST /v1/admin/reconciliation/discrepancies/{id}/resolve': 'admin',
  'POST /v1/admin/subscriptions/import': 'admin',
  'GET /v1/admin/subscriptions/import/{id}': 'admin',
  'POST /v1/admin/subscriptions/{id}/cancel': 'admin',
  'POST /v1/admin/subscriptions/{id}/retry': 'admin',
  'GET /v1/admin/audit': 'admin',
  'GET /v1/admin/events': 'admin',
  'POST /v1/admin/events/{id}/redeliver': 'admin',
  'GET /v1/admin/dunning': 'admin',
  'GET /v1/admin/finance/summary': 'admin',
  'POST /webhooks/{acquirer}/{route}': 'acquirer',
};

/** Everything under this prefix needs the admin role, whatever else is declared. */
export const ADMIN_PREFIX = '/v1/admin/';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
type Method = (typeof METHODS)[number];

function parseKey(key: string): { method: Method; path: string } {
  const [method = '', path = ''] = key.split(' ');
  const lower = method.toLowerCase() as Method;
  if (!METHODS.includes(lower) || !path.startsWith('/')) throw new Error(`Bad access policy entry "${key}"`);
  return { method: lower, path };
}

const toHonoPath = (openApiPath: string) => openApiPath.replace(/\{([^}]+)\}/g, ':$1');

/**
 * Puts the guard of each `user` and `admin` route in front of its handler. Call before any route is registered, so
 * the token is checked before the request is validated or read.
 */
export function applyAccessPolicy(app: App, guards: Guards) {
  app.use(`${ADMIN_PREFIX}*`, guards.admin);
  for (const [key, access] of Object.entries(ACCESS_POLICY)) {
    const { method, path } = parseKey(key);
    if (path.startsWith(ADMIN_PREFIX)) continue;
    const guard: MiddlewareHandler<AppEnv> | undefined =
      access === 'user' ? guards.user : access === 'admin' ? guards.admin : undefined;
    if (guard) app.on(method.toUpperCase(), toHonoPath(path), guard);
  }
}

/** The documented routes of the app, as `METHOD /openapi/path`. */
export function documentedRoutes(app: App): string[] {
  return app.openAPIRegistry.definitions.flatMap((d) =>
    d.type === 'route' ? [`${d.route.method.toUpperCase()} ${d.route.path}`] : [],
  );
}

/** Fails the build of the app when a documented route has no declared access, or a declaration no route. */
export function assertAccessCoversRoutes(app: App) {
  const routes = new Set(documentedRoutes(app));
  const undeclared = [...routes].filter((r) => !(r in ACCESS_POLICY));
  const stale = Object.keys(ACCESS_POLICY).filter((k) => !routes.has(k));
  const notAdmin = Object.entries(ACCESS_POLICY)
    .filter(([k, access]) => parseKey(k).path.startsWith(ADMIN_PREFIX) && access !== 'admin')
    .map(([k]) => k);
  const problems = [
    ...undeclared.map((r) => `${r} has no entry in ACCESS_POLICY`),
    ...stale.map((r) => `${r} is in ACCESS_POLICY but no such route is documented`),
    ...notAdmin.map((r) => `${r} is under ${ADMIN_PREFIX} and must be admin`),
  ];
  if (problems.length > 0) throw new Error(`Access policy out of date:\n  ${problems.join('\n  ')}`);
}
