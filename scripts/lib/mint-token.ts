import { SignJWT } from 'jose';
import type { Config } from '../../config/config.js';

export interface TokenRequest {
  sub: string;
  admin?: boolean;
  ttlSeconds?: number;
}

/** A JWT the API configured with `auth` accepts (HS256 with its shared secret, as local and test stacks use). */
export function mintToken(auth: Config['auth'], { sub, admin = false, ttlSeconds = 86_400 }: TokenRequest) {
  const roles = admin ? [auth.adminRole] : [];
  return new SignJWT({ [auth.rolesClaim]: roles })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(new TextEncoder().encode(auth.jwtSecret));
}
