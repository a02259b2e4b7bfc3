// `npm run token -- --sub <userId> [--admin] [--ttl <seconds>]`: prints a JWT the local API accepts.
import { parseArgs } from 'node:util';
import { SignJWT } from 'jose';
import { loadConfig } from '../config/config.js';
import { exitOnStartupError } from '../runtime/shutdown.js';

try {
  const { values } = parseArgs({
    options: {
      sub: { type: 'string' },
      admin: { type: 'boolean', default: false },
      ttl: { type: 'string', default: '86400' },
    },
  });
  if (!values.sub) throw new Error('usage: npm run token -- --sub <userId> [--admin] [--ttl <seconds>]');
  const ttl = Number(values.ttl);
  if (!Number.isInteger(ttl) || ttl <= 0) throw new Error('--ttl must be a positive number of seconds');
  const { auth } = loadConfig();
  if (auth.algorithm !== 'HS256') throw new Error('npm run token signs HS256 tokens; with RS256 the issuer signs them');
  const roles = values.admin ? [auth.adminRole] : [];
  const jwt = new SignJWT({ [auth.rolesClaim]: roles })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(values.sub)
    .setIssuedAt()
    .setExpirationTime(`${ttl}s`);
  // The API checks these when JWT_ISSUER / JWT_AUDIENCE are set.
  if (auth.issuer) jwt.setIssuer(auth.issuer);
  if (auth.audience) jwt.setAudience(auth.audience);
  console.log(await jwt.sign(new TextEncoder().encode(auth.jwtSecret)));
} catch (error) {
  exitOnStartupError(error);
}
