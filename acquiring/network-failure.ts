// How any adapter reads a fetch that got no answer: whether the request can have reached the acquirer at all.
import type { CallFailure } from './provider.js';

// Errors raised before a single byte reached the server: retrying cannot double-charge.
const NOT_CONNECTED = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ERR_INVALID_URL',
]);

function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    if ('code' in current && typeof current.code === 'string') return current.code;
    current = 'cause' in current ? current.cause : undefined;
  }
  return undefined;
}

/** A fetch that threw (not a timeout): `not_sent` when it never connected, else `unknown` (it may have been applied). */
export function networkFailure(error: unknown): { outcome: 'not_sent' | 'unknown'; failure: CallFailure } {
  const code = errorCode(error);
  const name = error instanceof Error ? error.name : '';
  const message = `${code ?? name}: ${error instanceof Error ? error.message : String(error)}`;
  const outcome = code && NOT_CONNECTED.has(code) ? 'not_sent' : 'unknown';
  return { outcome, failure: { kind: 'network', message, retryable: true } };
}
