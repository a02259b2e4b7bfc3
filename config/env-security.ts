// The rules that keep a deployment from trusting what it should not: tokens bound to one issuer and audience, the
// acquirer never the local sandbox in production, redirect hosts that parse.
import type { z } from 'zod';
import { acquirerList } from './acquirer-routes.js';
import { hostList, isHostEntry, isLoopbackHost } from './network.js';

/** What these rules read; the schema's output has all of it. */
interface SecurityEnv {
  NODE_ENV: 'development' | 'test' | 'production';
  JWT_ALGORITHM: 'HS256' | 'RS256';
  JWT_ISSUER?: string | undefined;
  JWT_AUDIENCE?: string | undefined;
  JWT_PUBLIC_KEY?: string | undefined;
  JWT_JWKS_URL?: string | undefined;
  ACQUIRER: string;
  ACQUIRERS?: string | undefined;
  CLOUDPAYMENTS_API_URL?: string | undefined;
  CLOUDPAYMENTS_PUBLIC_ID: string;
  RETURN_URL_HOSTS?: string | undefined;
}

type Issue = (path: string, message: string) => void;

function tokenRules(env: SecurityEnv, issue: Issue) {
  const production = env.NODE_ENV === 'production';
  if (production && !env.JWT_ISSUER)
    issue('JWT_ISSUER', "must be set in production (the `iss` Movix auth's tokens carry)");
  if (production && !env.JWT_AUDIENCE) issue('JWT_AUDIENCE', 'must be set in production (the `aud` meant for billing)');
  if (!env.JWT_JWKS_URL) return;
  if (env.JWT_ALGORITHM !== 'RS256') issue('JWT_JWKS_URL', 'needs JWT_ALGORITHM=RS256');
  if (env.JWT_PUBLIC_KEY) issue('JWT_JWKS_URL', 'set JWT_JWKS_URL or JWT_PUBLIC_KEY, not both');
  if (production && new URL(env.JWT_JWKS_URL).protocol !== 'https:')
    issue('JWT_JWKS_URL', 'must be https in production');
}

/**
 * Production talks to the real CloudPayments (when it is among ACQUIRERS): the adapter's local-sandbox defaults are
 * refused, not guessed.
 */
function acquirerRules(env: SecurityEnv, issue: Issue, sandboxPublicId: string) {
  if (env.NODE_ENV !== 'production' || !acquirerList(env.ACQUIRERS, env.ACQUIRER).includes('cloudpayments')) return;
  const url = env.CLOUDPAYMENTS_API_URL;
  if (!url) {
    issue('CLOUDPAYMENTS_API_URL', 'must be set in production (unset, it points at the local sandbox acquirer)');
  } else {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' || isLoopbackHost(parsed.hostname)) {
      issue('CLOUDPAYMENTS_API_URL', 'must be an https URL of the real acquirer in production, not a local sandbox');
    }
  }
  if (env.CLOUDPAYMENTS_PUBLIC_ID === sandboxPublicId) {
    issue('CLOUDPAYMENTS_PUBLIC_ID', "must be set in production (the default is the sandbox's)");
  }
}

function returnUrlRules(env: SecurityEnv, issue: Issue) {
  for (const entry of hostList(env.RETURN_URL_HOSTS)) {
    if (!isHostEntry(entry)) issue('RETURN_URL_HOSTS', `not a host name: ${entry}`);
  }
}

export function securityIssues(env: SecurityEnv, ctx: z.RefinementCtx, sandboxPublicId: string) {
  const issue: Issue = (path, message) => ctx.addIssue({ code: 'custom', path: [path], message });
  tokenRules(env, issue);
  acquirerRules(env, issue, sandboxPublicId);
  returnUrlRules(env, issue);
}
