// Which local addresses a TCP port is listening on, read from the kernel (Linux's /proc/net/tcp{,6}): the only way
// to tell "bound to 127.0.0.1" from "bound to every interface" without a second network to probe from.
import { existsSync, readFileSync } from 'node:fs';

const LISTEN = '0A';

/** /proc writes each 32-bit word of an address in host (little-endian) byte order. */
function decodeAddress(hex: string): string {
  const bytes = (hex.match(/.{8}/g) ?? []).flatMap((word) => (word.match(/../g) ?? []).reverse());
  const octets = bytes.map((b) => Number.parseInt(b, 16));
  if (octets.length === 4) return octets.join('.');
  const groups = [];
  for (let i = 0; i < 16; i += 2) groups.push((((octets[i] ?? 0) << 8) | (octets[i + 1] ?? 0)).toString(16));
  // The URL parser writes IPv6 in its shortest form (`::`, `::1`).
  return new URL(`http://[${groups.join(':')}]/`).hostname.slice(1, -1);
}

export function listeningAddresses(port: number): string[] {
  const found: string[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (!local || state !== LISTEN) continue;
      const [address, portHex] = local.split(':');
      if (address && Number.parseInt(portHex ?? '', 16) === port) found.push(decodeAddress(address));
    }
  }
  return found;
}
