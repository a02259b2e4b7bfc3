import { type Logger, pino } from 'pino';

export type { Logger };

// Secrets, tokens and signatures never reach the logs, whatever object carries them.
const REDACT = [
  'password',
  'token',
  'secret',
  'authorization',
  'cryptogram',
  'signature',
  '*.password',
  '*.token',
  '*.secret',
  '*.authorization',
  '*.Authorization',
  '*.cryptogram',
  '*.CardCryptogramPacket',
  '*.Token',
  '*.signature',
  'headers.authorization',
  'headers["content-hmac"]',
  'headers["x-content-hmac"]',
  'headers["billing-signature"]',
];

export function createLogger(level: string, name = 'billing'): Logger {
  return pino({ name, level, redact: { paths: REDACT, censor: '[redacted]' } });
}
