import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { OidcFlow } from './oidc-login.js';
import { CONSOLE_PATH } from './session.js';

/**
 * The state, nonce and PKCE verifier of one sign-in in flight. SameSite=Lax, not Strict: the IdP sends the browser
 * back with a cross-site top-level GET, and a Strict cookie would stay behind. HttpOnly, only under /console/oidc,
 * and gone after ten minutes or at the first callback, so a replayed callback finds nothing to match.
 */
const FLOW_COOKIE = 'movix_console_oidc';
const FLOW_PATH = `${CONSOLE_PATH}/oidc`;
const FLOW_MAX_AGE_SECONDS = 600;

export function keepFlow(c: Context, flow: OidcFlow, secure: boolean) {
  const value = Buffer.from(JSON.stringify(flow)).toString('base64url');
  setCookie(c, FLOW_COOKIE, value, {
    path: FLOW_PATH,
    httpOnly: true,
    sameSite: 'Lax',
    secure,
    maxAge: FLOW_MAX_AGE_SECONDS,
  });
}

/** The flow this browser started, if any, and the cookie deleted whatever happens next. */
export function takeFlow(c: Context, secure: boolean): OidcFlow | undefined {
  const value = getCookie(c, FLOW_COOKIE);
  if (value === undefined) return undefined;
  deleteCookie(c, FLOW_COOKIE, { path: FLOW_PATH, httpOnly: true, sameSite: 'Lax', secure });
  try {
    const flow = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    const fields = [flow?.state, flow?.nonce, flow?.verifier];
    return fields.every((f) => typeof f === 'string' && f.length > 0) ? (flow as OidcFlow) : undefined;
  } catch {
    return undefined;
  }
}
