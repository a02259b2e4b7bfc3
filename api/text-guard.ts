import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { AppError } from '../domain/errors.js';
import type { AppEnv } from './app-env.js';
import { decodeUrlText, type Leaf, requestLeaves } from './request-leaves.js';

/**
 * What PostgreSQL's text and jsonb cannot hold: the NUL character (U+0000), and a UTF-16 surrogate without its pair
 * (no Unicode character at all; jsonb refuses its escape, text would silently get U+FFFD instead).
 */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export class InvalidCharacterError extends AppError {
  constructor(paths: string[]) {
    super(
      'invalid_character',
      `${paths.join(', ')}: text here cannot contain NUL (U+0000) or an unpaired surrogate`,
      400,
      { fields: paths.map((path) => ({ path, message: 'contains NUL (U+0000) or an unpaired surrogate' })) },
    );
  }
}

const unstorable = ({ text }: Leaf) => text.includes('\u0000') || LONE_SURROGATE.test(text);

/** The URL path's parameters by name (`path.id`), from the route it matched, so the answer names the field. */
function pathParamLeaves(c: Context): Leaf[] {
  const route = matchedRoutes(c).findLast((r) => r.path.includes('/:'));
  if (!route) return [];
  const pattern = route.path.split('/');
  return new URL(c.req.url).pathname.split('/').flatMap((segment, i) => {
    const name = pattern[i]?.startsWith(':') ? pattern[i].slice(1) : undefined;
    return name ? [{ path: `path.${name}`, key: name, text: decodeUrlText(segment) }] : [];
  });
}

/**
 * Refuses (400 `invalid_character`, naming the fields) a request whose URL, body or token subject holds text the
 * database cannot store. One guard in front of every route, so no handler that filters or writes by a caller's text
 * can forget it and answer the database's 500 instead.
 */
export function rejectUnstorableText(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const leaves = await requestLeaves(c);
    const principal = c.get('principal') as AppEnv['Variables']['principal'] | undefined;
    if (principal) leaves.push({ path: 'token.sub', key: 'sub', text: principal.userId });
    let paths = [...new Set(leaves.filter(unstorable).map((l) => l.path))];
    if (paths.includes('path')) {
      const named = pathParamLeaves(c).filter(unstorable);
      if (named.length > 0) paths = [...named.map((l) => l.path), ...paths.filter((p) => p !== 'path')];
    }
    if (paths.length > 0) throw new InvalidCharacterError(paths);
    await next();
  };
}
