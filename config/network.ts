// Which hosts and addresses stay on this machine. Shared by the bind guard (where the service listens) and the
// returnUrl rule (where a browser may be sent over plain http).
import { isIP } from 'node:net';

/** `localhost`, 127.0.0.0/8 and ::1 (also bracketed, as URLs write it, and IPv4-mapped); nothing else. */
export function isLoopbackHost(host: string): boolean {
  const bare = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  if (bare === 'localhost') return true;
  const ipv4 = bare.replace(/^::ffff:/, '');
  if (isIP(ipv4) === 4) return ipv4.startsWith('127.');
  if (isIP(bare) === 6) return bare === '::1' || bare === '0:0:0:0:0:0:0:1';
  return false;
}

/** `RETURN_URL_HOSTS`-style lists: comma-separated, trimmed, lower-cased, blanks ignored. */
export const hostList = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter((h) => h.length > 0);

/** A bare host name, IPv4 or bracketed IPv6, with an optional port: no scheme, path, userinfo or wildcard. */
export const isHostEntry = (entry: string) =>
  /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/.test(
    entry,
  );
