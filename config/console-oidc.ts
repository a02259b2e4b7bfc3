// The operators' console's OIDC sign-in (console/oidc-login.ts): on only when an issuer and a client id are set. The
// ID token it receives is the console's session token, verified by the API's own JWT_* settings, so those must name
// the same issuer.
import { z } from 'zod';

export const DEFAULT_OIDC_SCOPES = 'openid profile email';

export const consoleOidcVars = {
  /** The IdP's issuer URL; discovery reads `<issuer>/.well-known/openid-configuration`. */
  CONSOLE_OIDC_ISSUER: z.url({ protocol: /^https?$/ }).optional(),
  CONSOLE_OIDC_CLIENT_ID: z.string().min(1).optional(),
  /** Unset: a public client (PKCE only, no client authentication). */
  CONSOLE_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  CONSOLE_OIDC_SCOPES: z.string().min(1).default(DEFAULT_OIDC_SCOPES),
  /** Shown as "Sign in with <name>"; unset: the issuer's host. */
  CONSOLE_OIDC_PROVIDER_NAME: z.string().min(1).optional(),
};

interface ConsoleOidcEnv {
  NODE_ENV: 'development' | 'test' | 'production';
  PUBLIC_BASE_URL?: string | undefined;
  JWT_ISSUER?: string | undefined;
  CONSOLE_OIDC_ISSUER?: string | undefined;
  CONSOLE_OIDC_CLIENT_ID?: string | undefined;
  CONSOLE_OIDC_CLIENT_SECRET?: string | undefined;
  CONSOLE_OIDC_SCOPES: string;
  CONSOLE_OIDC_PROVIDER_NAME?: string | undefined;
}

/** Any of these set without the issuer and the client id is a half-configured sign-in (SCOPES has a default). */
const HALF_SET = [
  'CONSOLE_OIDC_ISSUER',
  'CONSOLE_OIDC_CLIENT_ID',
  'CONSOLE_OIDC_CLIENT_SECRET',
  'CONSOLE_OIDC_PROVIDER_NAME',
] as const;

const scopeList = (scopes: string) => scopes.split(/[\s,]+/).filter(Boolean);

export function consoleOidcIssues(env: ConsoleOidcEnv, ctx: z.RefinementCtx) {
  const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  const { CONSOLE_OIDC_ISSUER: issuer, CONSOLE_OIDC_CLIENT_ID: clientId } = env;
  if (!issuer || !clientId) {
    const set = HALF_SET.filter((name) => env[name]);
    if (set.length > 0)
      issue(
        issuer ? 'CONSOLE_OIDC_CLIENT_ID' : 'CONSOLE_OIDC_ISSUER',
        `is required when ${set.join(', ')} is set: the console's OIDC sign-in needs CONSOLE_OIDC_ISSUER and CONSOLE_OIDC_CLIENT_ID together (neither keeps it off)`,
      );
    return;
  }
  if (!scopeList(env.CONSOLE_OIDC_SCOPES).includes('openid'))
    issue('CONSOLE_OIDC_SCOPES', 'must include openid (the sign-in needs an ID token)');
  if (env.JWT_ISSUER && env.JWT_ISSUER !== issuer)
    issue(
      'CONSOLE_OIDC_ISSUER',
      `must equal JWT_ISSUER (${env.JWT_ISSUER}): the ID token becomes the console's session token and the API verifies it with JWT_*`,
    );
  if (env.NODE_ENV !== 'production') return;
  if (new URL(issuer).protocol !== 'https:') issue('CONSOLE_OIDC_ISSUER', 'must be https in production');
  if (!env.PUBLIC_BASE_URL)
    issue(
      'PUBLIC_BASE_URL',
      'must be set when CONSOLE_OIDC_ISSUER is (the redirect URI is <PUBLIC_BASE_URL>/console/oidc/callback)',
    );
}

export type ConsoleOidcSettings = NonNullable<ReturnType<typeof consoleOidcSettings>>;

/** The sign-in's settings, or undefined when it is off. */
export function consoleOidcSettings(env: ConsoleOidcEnv & { PORT: number }) {
  if (!env.CONSOLE_OIDC_ISSUER || !env.CONSOLE_OIDC_CLIENT_ID) return undefined;
  const base = (env.PUBLIC_BASE_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, '');
  return {
    issuer: env.CONSOLE_OIDC_ISSUER,
    clientId: env.CONSOLE_OIDC_CLIENT_ID,
    clientSecret: env.CONSOLE_OIDC_CLIENT_SECRET,
    scopes: scopeList(env.CONSOLE_OIDC_SCOPES).join(' '),
    providerName: env.CONSOLE_OIDC_PROVIDER_NAME ?? new URL(env.CONSOLE_OIDC_ISSUER).host,
    redirectUri: `${base}/console/oidc/callback`,
    /** Only outside production, where the schema already refused an http issuer: a local IdP on plain http. */
    allowHttp: env.NODE_ENV !== 'production',
  };
}
