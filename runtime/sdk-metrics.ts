// The Temporal SDK (Rust core) serves its own Prometheus endpoint; each process binds it to a loopback port of its
// own and its ops listener appends that text to /metrics, so one scrape per process gets both.
import { createServer } from 'node:net';

/** A loopback address with a port free right now, for the SDK's exporter (it binds a fixed address). */
export function freeLoopbackAddress(): Promise<string> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(`127.0.0.1:${port}`));
    });
  });
}

/** The SDK's metrics text, or undefined when its exporter does not answer within `timeoutMs`. */
export async function readSdkMetrics(bindAddress: string, timeoutMs = 2000): Promise<string | undefined> {
  try {
    const res = await fetch(`http://${bindAddress}/metrics`, { signal: AbortSignal.timeout(timeoutMs) });
    return res.ok ? await res.text() : undefined;
  } catch {
    return undefined;
  }
}
