import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { freePort } from '../support/free-port.js';
import { type Harness, startHarness } from '../support/harness.js';
import { startTestIdp, type TestIdp } from '../support/oidc-idp.js';
import { checkPage } from './console-page.js';

const ADMIN = 'operator-anna';
const NOT_ADMIN = 'support-boris';
const consoleCookies = async (context: BrowserContext) =>
  (await context.cookies()).filter((cookie) => cookie.name.startsWith('movix_console'));

// The console's single sign-on against a real OpenID provider (oidc-provider, in-process, on another loopback
// address so the round trip is cross-site) and the real stack, driven in Debian's Chromium.
describe("operators' console: single sign-on (OIDC)", () => {
  let idp: TestIdp;
  let h: Harness;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  beforeAll(async () => {
    const apiPort = await freePort();
    idp = await startTestIdp({
      host: '127.0.0.2',
      redirectUri: `http://127.0.0.1:${apiPort}/console/oidc/callback`,
      accounts: {
        [ADMIN]: { roles: ['admin'], email: 'anna@movix.example' },
        [NOT_ADMIN]: { roles: ['support'], email: 'boris@movix.example' },
      },
    });
    h = await startHarness(
      {
        // The API verifies the IdP's ID tokens with its own settings, pointed at the same IdP.
        JWT_ALGORITHM: 'RS256',
        JWT_JWKS_URL: idp.jwksUri,
        JWT_ISSUER: idp.issuer,
        JWT_AUDIENCE: idp.clientId,
        CONSOLE_OIDC_ISSUER: idp.issuer,
        CONSOLE_OIDC_CLIENT_ID: idp.clientId,
        CONSOLE_OIDC_CLIENT_SECRET: idp.clientSecret,
        CONSOLE_OIDC_SCOPES: 'openid email roles',
        CONSOLE_OIDC_PROVIDER_NAME: 'Movix SSO',
      },
      { worker: false, apiPort },
    );
    expect(h.apiUrl).toBe(`http://127.0.0.1:${apiPort}`);
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await h?.close();
    await idp?.close();
  });

  /** From the console's sign-in page through the IdP's login and consent; resolves with the callback's response. */
  async function signInAtIdp(page: Page, account: string) {
    await page.goto(`${h.apiUrl}/console/sign-in`);
    await page.getByRole('link', { name: 'Sign in with Movix SSO' }).click();
    await page.waitForURL(`${idp.issuer}/**`);
    await page.locator('input[name=login]').fill(account);
    await page.locator('input[name=password]').fill('any password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    const callback = page.waitForResponse((r) => r.url().startsWith(`${h.apiUrl}/console/oidc/callback`));
    await page.getByRole('button', { name: 'Continue' }).click();
    return callback;
  }

  it('an admin signs in at the IdP and lands on the console as that operator; the ID token is the session', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${h.apiUrl}/console/sign-in`);
    expect(await page.getByLabel('Admin token').count()).toBe(1);
    await checkPage(page, 'sign-in-with-sso');

    const callback = await signInAtIdp(page, ADMIN);
    expect(callback.status()).toBe(200);
    await page.waitForURL(`${h.apiUrl}/console/search`, { timeout: 15_000 });
    expect(await page.getByRole('navigation').textContent()).toContain(`Signed in as ${ADMIN}`);
    await checkPage(page, 'search-after-sso');

    const cookies = await consoleCookies(context);
    expect(cookies.map((c) => [c.name, c.httpOnly, c.sameSite, c.path])).toEqual([
      ['movix_console', true, 'Strict', '/console'],
    ]);
    const [, payload] = (cookies[0]?.value ?? '').split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString());
    expect([claims.iss, claims.aud, claims.sub, claims.roles]).toEqual([idp.issuer, idp.clientId, ADMIN, ['admin']]);

    // The same callback again (a replay): its one-time flow cookie is gone, so it is refused and stores nothing.
    const replay = await browser.newContext();
    const replayed = await (await replay.newPage()).goto(callback.url());
    expect(replayed?.status()).toBe(400);
    expect(await replayed?.text()).toContain('did not start in this browser, or was already used');
    expect(await consoleCookies(replay)).toEqual([]);
    await replay.close();
    await context.close();
  }, 120_000);

  it('an account without the admin role is refused after the IdP (403) and gets no session cookie', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const callback = await signInAtIdp(page, NOT_ADMIN);
    expect(callback.status()).toBe(403);
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('does not carry the admin role');
    expect(await consoleCookies(context)).toEqual([]);
    await checkPage(page, 'sso-refused-non-admin');
    const closed = await page.goto(`${h.apiUrl}/console/search`);
    expect(closed?.url()).toBe(`${h.apiUrl}/console/sign-in`);
    await context.close();
  }, 120_000);

  it('refuses a callback whose state is not the one this browser started with, and an IdP error, storing nothing', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${h.apiUrl}/console/sign-in`);
    await page.getByRole('link', { name: 'Sign in with Movix SSO' }).click();
    await page.waitForURL(`${idp.issuer}/**`);
    // A sign-in is in flight (its flow cookie is set); a forged callback with another state arrives.
    const forged = await page.goto(`${h.apiUrl}/console/oidc/callback?code=forged-code&state=forged-state`);
    expect(forged?.status()).toBe(400);
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('did not start in this browser');
    expect(await consoleCookies(context)).toEqual([]);
    await checkPage(page, 'sso-refused-forged-state');

    // The operator cancels at the IdP: it sends the browser back with error=access_denied.
    await page.goto(`${h.apiUrl}/console/sign-in`);
    await page.getByRole('link', { name: 'Sign in with Movix SSO' }).click();
    await page.waitForURL(`${idp.issuer}/**`);
    const callback = page.waitForResponse((r) => r.url().startsWith(`${h.apiUrl}/console/oidc/callback`));
    await page.getByRole('link', { name: '[ Cancel ]' }).click();
    expect([(await callback).status(), new URL((await callback).url()).searchParams.get('error')]).toEqual([
      403,
      'access_denied',
    ]);
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('did not sign you in');
    expect(await consoleCookies(context)).toEqual([]);
    await context.close();
  }, 120_000);
});
