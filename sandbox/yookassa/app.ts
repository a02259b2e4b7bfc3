// Everything YooKassa in the sandbox, mounted by the sandbox server under /yookassa: the API at /v3, the
// confirmation page at /checkout, the test controls at /_sandbox (test mode only).
import { Hono } from 'hono';
import { createYooKassaApiRoutes } from './api-routes.js';
import { createYooKassaControlRoutes } from './control-routes.js';
import type { YooKassaCore } from './core.js';
import { createYooKassaHostedPageRoutes } from './hosted-page.js';

export function createYooKassaApp(core: YooKassaCore, options: { testMode: boolean; baseUrl?: string | undefined }) {
  const app = new Hono();
  if (options.testMode) app.route('/_sandbox', createYooKassaControlRoutes(core));
  app.route('/checkout', createYooKassaHostedPageRoutes(core));
  app.route('/v3', createYooKassaApiRoutes(core, { baseUrl: options.baseUrl }));
  return app;
}
