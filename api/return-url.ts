// Where the payer's browser may be sent after paying: our redirect must never serve a phishing page (an open redirect).
import type { Config } from '../config/config.js';
import { isLoopbackHost } from '../config/network.js';
import { ValidationError } from '../domain/errors.js';

export type ReturnUrlPolicy = Config['returnUrls'];

const MAX_LENGTH = 2048;

/**
 * Why `raw` is not a safe redirect target, or undefined when it is: https (http only to a loopback host, and only
 * outside production), no userinfo, and on one of `hosts` when that list is not empty. The raw text itself must be
 * plain `scheme://host…`: browsers and URL parsers read backslashes, missing slashes and whitespace differently, so
 * those are refused rather than normalised.
 */
export function returnUrlProblem(raw: string, policy: ReturnUrlPolicy): string | undefined {
  if (raw.length > MAX_LENGTH) return `must be at most ${MAX_LENGTH} characters`;
  if (!/^https?:\/\/[^\\/?#\s]/i.test(raw) || /[\\\s\p{Cc}]/u.test(raw)) {
    return 'must be an absolute https:// URL (no backslashes or whitespace)';
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'is not a valid URL';
  }
  if (url.username || url.password) return 'must not carry a user name or password';
  if (url.protocol === 'http:' && !(policy.allowLoopbackHttp && isLoopbackHost(url.hostname))) {
    return policy.allowLoopbackHttp ? 'must be https (http only to localhost)' : 'must be https';
  }
  const hosts = policy.hosts;
  if (hosts.length > 0 && !hosts.includes(url.hostname) && !hosts.includes(url.host)) {
    return `must be on one of the allowed hosts (${hosts.join(', ')})`;
  }
  return undefined;
}

/** Throws the same 400 `validation_failed` a schema error gives, naming the field. */
export function assertReturnUrl(raw: string | undefined, policy: ReturnUrlPolicy, field = 'json.returnUrl'): void {
  if (raw === undefined) return;
  const message = returnUrlProblem(raw, policy);
  if (message) throw new ValidationError('The request is not valid', { fields: [{ path: field, message }] });
}
