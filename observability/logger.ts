import { type DestinationStream, type Level, type Logger, pino, type StreamEntry } from 'pino';
import { currentLogContext } from './log-context.js';

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

export interface LogFileOptions {
  /** Also append every line to this file (created with its directory). */
  file?: string | undefined;
  /** The file's own level, e.g. `debug` while stdout stays quiet; defaults to `level`. */
  fileLevel?: string | undefined;
}

const isLevel = (level: string): level is Level => level in pino.levels.values;

export function createLogger(level: string, name = 'billing', options: LogFileOptions = {}): Logger {
  // Every line carries the trace, span and request ids of the context it was written in (log-context.ts).
  const common = { name, redact: { paths: REDACT, censor: '[redacted]' }, mixin: currentLogContext };
  if (!options.file) return pino({ ...common, level });
  const streams: StreamEntry[] = [];
  if (isLevel(level)) streams.push({ level, stream: process.stdout });
  const fileLevel = options.fileLevel ?? level;
  if (isLevel(fileLevel)) {
    const file: DestinationStream = pino.destination({ dest: options.file, append: true, mkdir: true, sync: true });
    streams.push({ level: fileLevel, stream: file });
  }
  const lowest = streams
    .map((s) => s.level as Level)
    .sort((a, b) => (pino.levels.values[a] ?? 0) - (pino.levels.values[b] ?? 0))[0];
  return pino({ ...common, level: lowest ?? 'silent' }, pino.multistream(streams));
}
