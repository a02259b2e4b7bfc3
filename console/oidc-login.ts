import * as client from 'openid-client';
import type { ConsoleOidcSettings } from '../config/console-oidc.js';

/** What the browser keeps between the redirect to the IdP and its way back (oidc-flow-cookie.ts). */
export interface OidcFlow {
  state: string;
  nonce: string;
  verifier: string;
}

/** The IdP cannot be reached or its discovery document read: nothing the operator did. */
export class OidcUnavailableError extends Error {}

/** The IdP or openid-client refused this callback (a reused or forged code, an ID token that does not check out). */
export class OidcRefusedError extends Error {}

const DISCOVERY_TIMEOUT_SECONDS = 10;

/**
 * The authorization-code flow with PKCE, state and nonce, by openid-client: it builds the IdP's address and, on the
 * way back, exchanges the code and validates the ID token (signature by the IdP's keys, issuer, audience, nonce,
 * expiry). Discovery is fetched once per process (per mountConsole) and again only after a failure.
 */
export function createOidcLogin(settings: ConsoleOidcSettings) {
  let discovered: Promise<client.Configuration> | undefined;
  const configuration = () => {
    discovered ??= client
      .discovery(
        new URL(settings.issuer),
        settings.clientId,
        undefined,
        settings.clientSecret ? client.ClientSecretBasic(settings.clientSecret) : client.None(),
        {
          timeout: DISCOVERY_TIMEOUT_SECONDS,
          execute: settings.allowHttp && settings.issuer.startsWith('http:') ? [client.allowInsecureRequests] : [],
        },
      )
      .catch((error: unknown) => {
        discovered = undefined;
        throw new OidcUnavailableError(`discovery of ${settings.issuer} failed: ${String(error)}`, { cause: error });
      });
    return discovered;
  };

  return {
    providerName: settings.providerName,

    async start(): Promise<{ url: URL; flow: OidcFlow }> {
      const config = await configuration();
      const flow = {
        state: client.randomState(),
        nonce: client.randomNonce(),
        verifier: client.randomPKCECodeVerifier(),
      };
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: settings.redirectUri,
        scope: settings.scopes,
        state: flow.state,
        nonce: flow.nonce,
        code_challenge: await client.calculatePKCECodeChallenge(flow.verifier),
        code_challenge_method: 'S256',
      });
      return { url, flow };
    },

    /** The ID token of this callback (its query string), validated; the caller has already matched the state. */
    async finish(callbackQuery: string, flow: OidcFlow): Promise<string> {
      const config = await configuration();
      // The redirect URI as registered, not the request's own URL: behind a proxy the two differ.
      const callbackUrl = new URL(`${settings.redirectUri}${callbackQuery}`);
      try {
        const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
          expectedState: flow.state,
          expectedNonce: flow.nonce,
          pkceCodeVerifier: flow.verifier,
        });
        if (!tokens.id_token) throw new OidcRefusedError('the token response holds no ID token');
        return tokens.id_token;
      } catch (error) {
        if (
          error instanceof client.AuthorizationResponseError ||
          error instanceof client.ResponseBodyError ||
          error instanceof client.ClientError
        )
          throw new OidcRefusedError(error.message, { cause: error });
        if (error instanceof OidcRefusedError) throw error;
        throw new OidcUnavailableError(`the token endpoint of ${settings.issuer} failed: ${String(error)}`, {
          cause: error,
        });
      }
    },
  };
}

export type OidcLogin = ReturnType<typeof createOidcLogin>;
