// `npm run token -- --sub <userId> [--admin] [--ttl <seconds>]`: prints a JWT the local API accepts.
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/config.js';
import { exitOnStartupError } from '../runtime/shutdown.js';
import { mintToken } from './lib/mint-token.js';

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
  console.log(await mintToken(loadConfig().auth, { sub: values.sub, admin: values.admin, ttlSeconds: ttl }));
} catch (error) {
  exitOnStartupError(error);
}
