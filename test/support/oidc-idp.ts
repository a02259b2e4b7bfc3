// A real OpenID provider (panva's oidc-provider) in-process, as the console's single sign-on test's IdP: RS256 keys,
// one confidential client registered with the console's redirect URI, its own login and consent pages (devInteractions:
// any password), and the accounts a test names, their roles in the ID token.
import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Account } from 'oidc-provider';

export interface TestIdp {
  issuer: string;
  jwksUri: string;
  clientId: string;
  clientSecret: string;
  /** The path of every request it answered, in order (e.g. how often discovery was fetched). */
  requests: string[];
  close(): Promise<void>;
}

export interface TestIdpOptions {
  /** Where the console wants the browser back: <PUBLIC_BASE_URL>/console/oidc/callback. */
  redirectUri: string;
  /** Account id → its claims (the roles claim among them). */
  accounts: Record<string, Record<string, unknown>>;
  /** Another loopback address than the API's, so the round trip is cross-site as with a real IdP. */
  host: string;
  /** Unset: any free port. */
  port?: number;
}

export async function startTestIdp(options: TestIdpOptions): Promise<TestIdp> {
  const clientId = 'movix-billing-console';
  const clientSecret = `idp-client-secret-${Math.random().toString(36).slice(2)}`;
  const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  // The issuer names the port, so the server listens first and serves the provider once it exists.
  let handle: ReturnType<Provider['callback']> | undefined;
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(new URL(req.url ?? '/', 'http://idp').pathname);
    return handle ? handle(req, res) : res.writeHead(503).end();
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host, resolve));
  const issuer = `http://${options.host}:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [options.redirectUri],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [{ ...key, kid: 'idp-test-key', alg: 'RS256', use: 'sig' }] },
    findAccount: (_ctx: unknown, id: string): Account | undefined => {
      const claims = options.accounts[id];
      return claims ? { accountId: id, claims: () => ({ sub: id, ...claims }) } : undefined;
    },
    claims: { openid: ['sub'], email: ['email'], profile: ['name'], roles: ['roles'] },
    // The roles go into the ID token itself (the console's session token), not only to the userinfo endpoint.
    conformIdTokenClaims: false,
    cookies: { keys: [`idp-cookie-key-${Math.random()}`] },
    features: { devInteractions: { enabled: true } },
    // Its own short lifetimes, so it does not print a notice for each default it falls back to.
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
  });
  handle = provider.callback();
  return {
    issuer,
    jwksUri: `${issuer}/jwks`,
    clientId,
    clientSecret,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
