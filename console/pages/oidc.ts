import type { Context, Hono } from 'hono';
import { html } from 'hono/html';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Principal } from '../../api/app-env.js';
import type { createTokenVerifier } from '../../api/auth.js';
import { UnauthorizedError } from '../../domain/errors.js';
import type { Logger } from '../../observability/logger.js';
import type { ConsoleEnv, ConsoleSettings } from '../console-env.js';
import { keepFlow, takeFlow } from '../oidc-flow-cookie.js';
import { type OidcLogin, OidcRefusedError, OidcUnavailableError } from '../oidc-login.js';
import { notice, pageShell } from '../page-shell.js';
import { CONSOLE_PATH, keepToken } from '../session.js';
import { refusalPage } from './refusal.js';

const refuse = (c: Context, status: ContentfulStatusCode, code: string, message = '') =>
  refusalPage(c, { ok: false, status, body: { error: { code, message } } });

/**
 * Single sign-on: /console/oidc/login sends the browser to the IdP, /console/oidc/callback takes the ID token it
 * comes back with as the session token, exactly as a pasted one: the API's own verifier and the admin role decide.
 */
export function registerOidcRoutes(
  ui: Hono<ConsoleEnv>,
  login: OidcLogin,
  verify: ReturnType<typeof createTokenVerifier>,
  settings: ConsoleSettings,
  logger: Logger,
) {
  const unavailable = (c: Context, error: OidcUnavailableError) => {
    logger.warn({ err: error }, 'console sign-in provider unavailable');
    return refuse(c, 503, 'sso_unavailable');
  };

  ui.get('/oidc/login', async (c) => {
    try {
      const { url, flow } = await login.start();
      keepFlow(c, flow, settings.secureCookies);
      return c.redirect(url.href, 302);
    } catch (error) {
      if (error instanceof OidcUnavailableError) return unavailable(c, error);
      throw error;
    }
  });

  ui.get('/oidc/callback', async (c) => {
    // Its address holds a one-time code: neither kept by a cache nor sent on as a referrer.
    c.header('Cache-Control', 'no-store');
    c.header('Referrer-Policy', 'no-referrer');
    const flow = takeFlow(c, settings.secureCookies);
    const { error, error_description: description, state } = c.req.query();
    if (error) return refuse(c, 403, 'sso_denied', `${error}${description ? `: ${description}` : ''}`);
    if (!flow || !state || state !== flow.state) return refuse(c, 400, 'sso_state_mismatch');
    let idToken: string;
    try {
      idToken = await login.finish(new URL(c.req.url).search, flow);
    } catch (error) {
      if (error instanceof OidcRefusedError) return refuse(c, 400, 'sso_failed', error.message);
      if (error instanceof OidcUnavailableError) return unavailable(c, error);
      throw error;
    }
    let principal: Principal;
    try {
      principal = await verify(`Bearer ${idToken}`);
    } catch (error) {
      if (!(error instanceof UnauthorizedError)) throw error;
      logger.warn('console sign-in: the API refused the ID token of CONSOLE_OIDC_ISSUER (check JWT_*)');
      return refuse(c, 401, 'sso_token_not_accepted');
    }
    if (!principal.isAdmin) return refuse(c, 403, 'forbidden');
    keepToken(c, idToken, settings.secureCookies);
    // Not a redirect: this request is the end of a chain through the IdP, another site, and Chromium does not send
    // a SameSite=Strict cookie on a navigation whose redirect chain was cross-site; a page that moves on does.
    const next = `${CONSOLE_PATH}/search`;
    return c.html(
      pageShell(
        { title: 'Signed in', continueTo: next },
        html`${notice('ok', html`Signed in as <strong>${principal.userId}</strong>.`)}
          <p><a href="${next}">Continue to the console</a></p>`,
      ),
    );
  });
}
