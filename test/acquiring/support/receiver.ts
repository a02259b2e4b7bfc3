// A small local HTTP server that records what is POSTed to it (raw bytes and headers), standing in for
// our webhook endpoint. `reply` decides the answer per request.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  path: string;
  kind: string;
  rawBody: Buffer;
  headers: IncomingHttpHeaders;
  at: number;
}

export type Reply = (request: Received, nth: number) => { status: number; body: string };

export async function startReceiver(reply: Reply = () => ({ status: 200, body: '{"code":0}' })) {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = req.url ?? '/';
      const entry = {
        path,
        kind: path.split('/').filter(Boolean).at(-1) ?? '',
        rawBody: Buffer.concat(chunks),
        headers: req.headers,
        at: Date.now(),
      };
      received.push(entry);
      const answer = reply(entry, received.filter((r) => r.path === path).length);
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
export type Receiver = Awaited<ReturnType<typeof startReceiver>>;

/** Headers as a plain record of strings (what PaymentProvider.verifyWebhook takes). */
export function plainHeaders(headers: IncomingHttpHeaders): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v]));
}
