import { Hono } from 'hono';
import { html } from 'hono/html';
import type { App, AppDeps } from '../api/app-env.js';
import { createTokenVerifier } from '../api/auth.js';
import { UnauthorizedError } from '../domain/errors.js';
import { registerActionRoutes } from './actions.js';
import { CONSOLE_CSS } from './console-css.js';
import type { ConsoleEnv, ConsoleSettings } from './console-env.js';
import { ConsoleApiError, inProcessApi } from './in-process-api.js';
import { createOidcLogin } from './oidc-login.js';
import { CONSOLE_CSP } from './page-shell.js';
import { registerCustomerPage } from './pages/customer.js';
import { registerFinancePage } from './pages/finance.js';
import { registerOidcRoutes } from './pages/oidc.js';
import { registerDiscrepancyQueue } from './pages/queue-discrepancies.js';
import { registerDunningQueue } from './pages/queue-dunning.js';
import { registerEventQueue } from './pages/queue-events.js';
import { registerRefundQueue } from './pages/queue-refunds.js';
import { registerUnknownPaymentQueue } from './pages/queue-unknown-payments.js';
import { registerQueueIndex } from './pages/queues.js';
import { refusalPage } from './pages/refusal.js';
import { registerSearchPage } from './pages/search.js';
import { registerSignIn } from './pages/sign-in.js';
import { CONSOLE_PATH, csrfMatches, csrfTokenOf, readToken } from './session.js';

export const consoleSettingsOf = (config: AppDeps['config']): ConsoleSettings => ({
  temporalUiUrl: config.console.temporalUiUrl,
  temporalNamespace: config.temporal.namespace,
  secureCookies: config.http.publicBaseUrl.startsWith('https:'),
  ssoProviderName: config.console.oidc?.providerName,
});

/**
 * The operators' console under /console: server-rendered pages over the admin API, called in-process with the
 * operator's own token (see in-process-api.ts). Register after every API route.
 */
export function mountConsole(app: App, deps: AppDeps) {
  const settings = consoleSettingsOf(deps.config);
  const verify = createTokenVerifier(deps.config.auth);
  const ui = new Hono<ConsoleEnv>();

  ui.use('*', async (c, next) => {
    await next();
    c.res.headers.set('Content-Security-Policy', CONSOLE_CSP);
  });
  ui.onError((error, c) => {
    if (error instanceof ConsoleApiError) return refusalPage(c, error.answer);
    deps.logger.error({ err: error }, 'console page failed');
    return c.html(html`<!doctype html><title>Console error</title><h1>Something went wrong</h1>`, 500);
  });
  ui.get('/assets/console.css', (c) =>
    c.body(CONSOLE_CSS, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=300' }),
  );
  registerSignIn(ui, verify, settings);
  if (deps.config.console.oidc)
    registerOidcRoutes(ui, createOidcLogin(deps.config.console.oidc), verify, settings, deps.logger);

  // Everything below needs a signed-in admin; a POST also its session's CSRF token.
  ui.use('*', async (c, next) => {
    const token = readToken(c);
    if (!token) return c.redirect(`${CONSOLE_PATH}/sign-in`, 303);
    let principal: Awaited<ReturnType<typeof verify>>;
    try {
      principal = await verify(`Bearer ${token}`);
    } catch (error) {
      if (error instanceof UnauthorizedError) return c.redirect(`${CONSOLE_PATH}/sign-in?expired=1`, 303);
      throw error;
    }
    if (!principal.isAdmin) return refusalPage(c, { ok: false, status: 403, body: { error: { code: 'forbidden' } } });
    if (c.req.method === 'POST') {
      const form = await c.req.parseBody();
      if (!csrfMatches(token, form.csrf))
        return refusalPage(c, { ok: false, status: 403, body: { error: { code: 'csrf_failed' } } });
    }
    c.set('principal', principal);
    c.set('token', token);
    c.set('csrf', csrfTokenOf(token));
    c.set('api', inProcessApi(app, token, { env: c.env, forwardedFor: c.req.header('x-forwarded-for') }));
    await next();
  });
  ui.get('/', (c) => c.redirect(`${CONSOLE_PATH}/search`, 303));
  registerSearchPage(ui);
  registerCustomerPage(ui, settings);
  registerQueueIndex(ui);
  registerRefundQueue(ui);
  registerDunningQueue(ui);
  registerUnknownPaymentQueue(ui);
  registerDiscrepancyQueue(ui);
  registerEventQueue(ui);
  registerFinancePage(ui);
  registerActionRoutes(ui);
  app.route(CONSOLE_PATH, ui);
}
