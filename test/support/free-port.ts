import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** Where the kernel starts handing out ports to outgoing connections (Linux's default when unreadable). */
function ephemeralRangeStart(): number {
  try {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/);
    return Number(low) || 32_768;
  } catch {
    return 32_768;
  }
}

const canListen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });

/**
 * A loopback port nothing listens on, picked below the kernel's ephemeral range. A port from that range can be
 * taken by any outgoing connection between our choosing it and a server binding it, and test files running side
 * by side open thousands of connections meanwhile (a dev stack once found its API port taken that way).
 */
export async function freePort(): Promise<number> {
  const high = ephemeralRangeStart();
  const low = Math.max(1024, high - 12_000);
  for (let tries = 0; tries < 100; tries++) {
    const port = low + Math.floor(Math.random() * (high - low));
    if (await canListen(port)) return port;
  }
  throw new Error(`no free port between ${low} and ${high}`);
}
