import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

/** The operator's pasted token lives here: HttpOnly (no script reads it), SameSite=Strict, only under /console. */
export const SESSION_COOKIE = 'movix_console';
export const CONSOLE_PATH = '/console';

export function keepToken(c: Context, token: string, secure: boolean) {
  setCookie(c, SESSION_COOKIE, token, { path: CONSOLE_PATH, httpOnly: true, sameSite: 'Strict', secure });
}

export function forgetToken(c: Context, secure: boolean) {
  deleteCookie(c, SESSION_COOKIE, { path: CONSOLE_PATH, httpOnly: true, sameSite: 'Strict', secure });
}

export const readToken = (c: Context): string | undefined => getCookie(c, SESSION_COOKIE) || undefined;

/**
 * The CSRF token of a session: an HMAC of the session's own token. A page of another site can neither read the
 * HttpOnly cookie nor compute this, so a form it forges fails even where SameSite is not honoured; no server state,
 * so every replica agrees.
 */
export const csrfTokenOf = (sessionToken: string) =>
  createHmac('sha256', 'movix-console-csrf').update(sessionToken).digest('base64url');

export function csrfMatches(sessionToken: string, submitted: unknown): boolean {
  if (typeof submitted !== 'string') return false;
  const expected = Buffer.from(csrfTokenOf(sessionToken));
  const given = Buffer.from(submitted);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
