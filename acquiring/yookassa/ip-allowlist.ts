// The source addresses YooKassa posts notifications from, as CIDR ranges or single addresses (IPv4 and IPv6).
import { BlockList, isIP } from 'node:net';

/** YooKassa's published notification sources (reference §6); opt-in, since a proxy in front hides them. */
export const YOOKASSA_NOTIFICATION_IPS: readonly string[] = [
  '185.71.76.0/27',
  '185.71.77.0/27',
  '77.75.153.0/25',
  '77.75.154.128/25',
  '77.75.156.11',
  '77.75.156.35',
  '2a02:5180::/32',
];

export interface IpAllowlist {
  allows(address: string | undefined): boolean;
}

const family = (address: string) => (isIP(address) === 6 ? 'ipv6' : 'ipv4');

/** `::ffff:185.71.76.1` (IPv4 seen through an IPv6 socket) is the IPv4 address it carries. */
function normalise(address: string): string {
  const trimmed = address.trim();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(trimmed)?.[1];
  return mapped ?? trimmed;
}

/**
 * `yookassa` stands for the published ranges. Throws on an entry that is not an address or a CIDR range, so a typo
 * fails at start-up, not at the first notification.
 */
export function createIpAllowlist(entries: readonly string[]): IpAllowlist {
  const list = new BlockList();
  const expanded = entries.flatMap((e) => (e.trim().toLowerCase() === 'yookassa' ? YOOKASSA_NOTIFICATION_IPS : [e]));
  for (const raw of expanded) {
    const entry = raw.trim();
    if (entry === '') continue;
    const [address = '', prefixText, ...rest] = entry.split('/');
    const version = isIP(address);
    if (version === 0 || rest.length > 0) throw new RangeError(`Not an IP address or CIDR range: ${entry}`);
    if (prefixText === undefined) {
      list.addAddress(address, family(address));
      continue;
    }
    const prefix = Number(prefixText);
    const max = version === 4 ? 32 : 128;
    if (!/^\d+$/.test(prefixText) || prefix > max) throw new RangeError(`Bad prefix length in ${entry}`);
    list.addSubnet(address, prefix, family(address));
  }
  return {
    allows(address) {
      if (!address) return false;
      const ip = normalise(address);
      if (isIP(ip) === 0) return false;
      return list.check(ip, family(ip));
    },
  };
}
