import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

/** The API answers JSON only: nothing it serves may load anything, be framed, or be sniffed as another type. */
const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * `/docs` (Swagger UI from the npm package) loads its own script and stylesheet, inline styles its components set,
 * `data:` images from its stylesheet, and `/openapi.json`; nothing from another origin, nothing inline-scripted.
 */
export const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self' data:",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

/**
 * Security headers on every response, errors and 404s included. A handler that sets its own header (the docs page's
 * CSP, an asset's Cache-Control) keeps it.
 */
export function securityHeaders(): MiddlewareHandler {
  const secure = secureHeaders({
    xFrameOptions: 'DENY',
    strictTransportSecurity: 'max-age=31536000; includeSubDomains',
    permissionsPolicy: { camera: [], microphone: [], geolocation: [], payment: [] },
    overwrite: false,
  });
  return async (c, next) => {
    await secure(c, next);
    if (!c.res.headers.has('content-security-policy')) c.res.headers.set('Content-Security-Policy', API_CSP);
    // Responses carry personal and payment data: no shared or browser cache keeps them.
    if (!c.res.headers.has('cache-control')) c.res.headers.set('Cache-Control', 'no-store');
  };
}
