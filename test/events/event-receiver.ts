// A local HTTP endpoint standing in for a Movix service that receives billing events.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { type BillingEvent, verifyBillingEvent } from '../../receivers/billing-events.js';
import { freePort } from '../support/throwaway-postgres.js';

export interface ReceivedRequest {
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** What the receiver answered. */
  status: number;
  /** Set when the signature verified with the receivers' kit. */
  event?: BillingEvent;
  verifyError?: string;
}

export interface EventReceiver {
  url: string;
  requests: ReceivedRequest[];
  /** Verified events this receiver acknowledged with 2xx, in arrival order. */
  acknowledged(): BillingEvent[];
  /** Decides the answer to the next requests (default 200). */
  answer(status: number): void;
  close(): Promise<void>;
}

export async function startEventReceiver(secret: string): Promise<EventReceiver> {
  const port = await freePort();
  const requests: ReceivedRequest[] = [];
  let status = 200;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const entry: ReceivedRequest = { headers: req.headers, rawBody, status };
      try {
        const header = req.headers['billing-signature'];
        entry.event = verifyBillingEvent({ rawBody, signatureHeader: String(header ?? ''), secrets: [secret] });
      } catch (error) {
        entry.verifyError = (error as { code?: string }).code ?? String(error);
        entry.status = 400;
      }
      requests.push(entry);
      res.writeHead(entry.status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}/billing-events`,
    requests,
    acknowledged: () => requests.flatMap((r) => (r.event && r.status >= 200 && r.status < 300 ? [r.event] : [])),
    answer: (next) => {
      status = next;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
