import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleOidcSettings } from '../../config/console-oidc.js';
import { createOidcLogin, OidcRefusedError, OidcUnavailableError } from '../../console/oidc-login.js';
import { freePort } from '../support/free-port.js';
import { startTestIdp, type TestIdp } from '../support/oidc-idp.js';

const REDIRECT_URI = 'http://127.0.0.1:9/console/oidc/callback';
const DISCOVERY = '/.well-known/openid-configuration';

// openid-client against a real oidc-provider, without the stack: what the routes rely on.
describe("the console's OIDC login (openid-client)", () => {
  let idp: TestIdp;
  let settings: ConsoleOidcSettings;
  beforeAll(async () => {
    idp = await startTestIdp({ host: '127.0.0.2', redirectUri: REDIRECT_URI, accounts: {} });
    settings = {
      issuer: idp.issuer,
      clientId: idp.clientId,
      clientSecret: idp.clientSecret,
      scopes: 'openid email',
      providerName: 'IdP',
      redirectUri: REDIRECT_URI,
      allowHttp: true,
    };
  });
  afterAll(() => idp?.close());

  it('sends each sign-in to the IdP with its own state, nonce and S256 PKCE challenge, discovering the IdP once', async () => {
    const login = createOidcLogin(settings);
    const [first, second] = [await login.start(), await login.start()];
    for (const { url, flow } of [first, second]) {
      expect(url.origin + url.pathname).toBe(`${idp.issuer}/auth`);
      expect(Object.fromEntries(url.searchParams)).toEqual(
        expect.objectContaining({
          client_id: idp.clientId,
          redirect_uri: REDIRECT_URI,
          response_type: 'code',
          scope: 'openid email',
          state: flow.state,
          nonce: flow.nonce,
          code_challenge_method: 'S256',
        }),
      );
      expect(url.searchParams.get('code_challenge')).not.toBe(flow.verifier);
    }
    expect(first.flow.state).not.toBe(second.flow.state);
    expect(first.flow.nonce).not.toBe(second.flow.nonce);
    expect(idp.requests.filter((path) => path === DISCOVERY)).toHaveLength(1);
  });

  it('refuses a code the IdP never issued', async () => {
    const login = createOidcLogin(settings);
    const { flow } = await login.start();
    await expect(login.finish(`?code=never-issued&state=${flow.state}`, flow)).rejects.toBeInstanceOf(OidcRefusedError);
  });

  it('an unreachable IdP is unavailable, and discovered again on the next sign-in once it answers', async () => {
    const port = await freePort();
    const login = createOidcLogin({ ...settings, issuer: `http://127.0.0.2:${port}` });
    await expect(login.start()).rejects.toBeInstanceOf(OidcUnavailableError);
    const late = await startTestIdp({ host: '127.0.0.2', port, redirectUri: REDIRECT_URI, accounts: {} });
    try {
      const { url } = await login.start();
      expect(url.origin).toBe(late.issuer);
    } finally {
      await late.close();
    }
  });
});
