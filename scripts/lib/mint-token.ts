import { SignJWT } from 'jose';
import type { Config } from '../../config/config.js';

export interface TokenRequest {
  sub: string;
  admin?: boolean;
  ttlSeconds?: number;
  /** The `email` claim (where receipts go when the checkout gives no contact); default `<sub without digits>@example.test`
   * (a long digit run echoed in a notification's Data could look like a card number to the API's guard). */
  email?: string;
}

/** A JWT the API configured with `auth` accepts (HS256 with its shared secret, as local and test stacks use). */
export function mintToken(auth: Config['auth'], { sub, admin = false, ttlSeconds = 86_400, email }: TokenRequest) {
  if (auth.algorithm !== 'HS256') throw new Error('Only HS256 tokens can be minted here; with RS256 the issuer signs');
  const roles = admin ? [auth.adminRole] : [];
  const claim = email ?? `${sub.replace(/[^A-Za-z._-]/g, '').slice(0, 64) || 'user'}@example.test`;
  const jwt = new SignJWT({ [auth.rolesClaim]: roles, email: claim })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`);
  // The API checks these when JWT_ISSUER / JWT_AUDIENCE are set.
  if (auth.issuer) jwt.setIssuer(auth.issuer);
  if (auth.audience) jwt.setAudience(auth.audience);
  return jwt.sign(new TextEncoder().encode(auth.jwtSecret));
}
