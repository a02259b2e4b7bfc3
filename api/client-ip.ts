// Who is calling, by network address, for the per-IP rate limits.
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/** Requests with no socket (`app.request()` in tests) share one bucket rather than escaping the limit. */
export const UNKNOWN_CLIENT = 'unknown';

function socketAddress(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined;
  }
}

/**
 * The client's address. Only the socket is believed unless `trustedProxyHops` proxies are declared: each one appends
 * the address it was reached from to `X-Forwarded-For`, so the client is that many entries from the right; entries
 * further left are whatever the caller chose to send. A header shorter than the declared chain did not come through
 * it, and the socket's address is used.
 */
export function clientAddress(c: Context, trustedProxyHops: number): string {
  const address = callerAddress(c, trustedProxyHops);
  return address ? rateLimitKeyOf(address) : UNKNOWN_CLIENT;
}

/** The caller's address as given (socket, or the declared proxies' `X-Forwarded-For` entry), if any. */
export function callerAddress(c: Context, trustedProxyHops: number): string | undefined {
  if (trustedProxyHops > 0) {
    const chain = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
    const forwarded = chain[chain.length - trustedProxyHops];
    if (forwarded) return forwarded;
  }
  return socketAddress(c);
}

/** The 8 groups of an IPv6 address, or undefined when it is not one. */
function ipv6Groups(address: string): string[] | undefined {
  if (!address.includes(':')) return undefined;
  const [head = '', tail] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const missing = 8 - left.length - right.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return undefined;
  return [...left, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...right];
}

/**
 * The bucket an address counts against: IPv4 (also IPv4-mapped IPv6) as is; IPv6 by its /64, since one subscriber
 * usually holds a whole /64 and could otherwise rotate through it.
 */
export function rateLimitKeyOf(address: string): string {
  const mapped = address.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i);
  if (mapped?.[1]) return mapped[1];
  const groups = ipv6Groups(address.toLowerCase().replace(/%.*$/, ''));
  if (!groups) return address;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
