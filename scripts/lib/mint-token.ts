import { SignJWT } from 'jose';
import type { Config } from '../../config/config.js';

export interface TokenRequest {
  sub: string;
  admin?: boolean;
  ttlSeconds?: number;
}

/** A JWT the API configured with `auth` accepts (HS256 with its shared secret, as local and test stacks use). */
export function mintToken(auth: Config['auth'], { sub, admin = false, ttlSeconds = 86_400 }: TokenRequest) {
  if (auth.algorithm !== 'HS256') throw new Error('Only HS256 tokens can be minted here; with RS256 the issuer signs');
  const roles = admin ? [auth.adminRole] : [];
  const jwt = new SignJWT({ [auth.rolesClaim]: roles })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`);
  // The API checks these when JWT_ISSUER / JWT_AUDIENCE are set.
  if (auth.issuer) jwt.setIssuer(auth.issuer);
  if (auth.audience) jwt.setAudience(auth.audience);
  return jwt.sign(new TextEncoder().encode(auth.jwtSecret));
}
