import type { Hono } from 'hono';
import { html } from 'hono/html';
import type { createTokenVerifier } from '../../api/auth.js';
import { UnauthorizedError } from '../../domain/errors.js';
import type { ConsoleEnv, ConsoleSettings } from '../console-env.js';
import { notice, pageShell } from '../page-shell.js';
import { CONSOLE_PATH, csrfMatches, forgetToken, keepToken, readToken } from '../session.js';
import { refusalPage } from './refusal.js';

const ssoLink = (name: string | undefined) =>
  name
    ? html`<p><a class="button" href="${CONSOLE_PATH}/oidc/login">Sign in with ${name}</a></p>
      <p class="muted">Or, without single sign-on (local use):</p>`
    : '';

const form = (settings: ConsoleSettings, message?: ReturnType<typeof notice>) =>
  pageShell(
    { title: 'Sign in' },
    html`${message ?? ''}${ssoLink(settings.ssoProviderName)}
    <p>Paste an admin's JWT (the same token the admin API takes). It is kept only in an HttpOnly cookie of this console.</p>
    <form method="post" action="${CONSOLE_PATH}/sign-in" class="action">
      <label for="token">Admin token</label>
      <textarea id="token" name="token" rows="5" required autocomplete="off" spellcheck="false"></textarea>
      <button type="submit">Sign in</button>
    </form>`,
  );

/** A form from another site must not sign the browser in as someone else (login CSRF). */
const fromThisSite = (fetchSite: string | undefined) =>
  !fetchSite || fetchSite === 'same-origin' || fetchSite === 'none';

export function registerSignIn(
  ui: Hono<ConsoleEnv>,
  verify: ReturnType<typeof createTokenVerifier>,
  settings: ConsoleSettings,
) {
  ui.get('/sign-in', (c) =>
    c.html(
      form(settings, c.req.query('expired') ? notice('error', 'Your sign-in has expired; sign in again.') : undefined),
    ),
  );
  ui.post('/sign-in', async (c) => {
    if (!fromThisSite(c.req.header('sec-fetch-site')))
      return refusalPage(c, { ok: false, status: 403, body: { error: { code: 'csrf_failed' } } });
    const token = String((await c.req.parseBody()).token ?? '').trim();
    try {
      const principal = await verify(`Bearer ${token}`);
      if (!principal.isAdmin) return refusalPage(c, { ok: false, status: 403, body: { error: { code: 'forbidden' } } });
    } catch (error) {
      if (!(error instanceof UnauthorizedError)) throw error;
      return c.html(
        form(settings, notice('error', 'That token is not valid here (signature, issuer, audience or expiry).')),
        401,
      );
    }
    keepToken(c, token, settings.secureCookies);
    return c.redirect(`${CONSOLE_PATH}/search`, 303);
  });
  ui.post('/sign-out', async (c) => {
    const token = readToken(c);
    const form = await c.req.parseBody();
    if (token && !csrfMatches(token, form.csrf))
      return refusalPage(c, { ok: false, status: 403, body: { error: { code: 'csrf_failed' } } });
    forgetToken(c, settings.secureCookies);
    return c.redirect(`${CONSOLE_PATH}/sign-in`, 303);
  });
}
