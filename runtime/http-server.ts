import type { Server } from 'node:http';
import { serve } from '@hono/node-server';

export interface RunningServer {
  url: string;
  /**
   * Stops accepting connections and resolves once the requests in flight have been answered (idle keep-alive
   * connections are closed at once). With `graceMs`, connections still busy after that long are cut.
   */
  close(graceMs?: number): Promise<void>;
}

export function listen(
  fetch: (req: Request) => Response | Promise<Response>,
  port: number,
  host: string,
): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port, hostname: host }, (info) => {
      resolve({
        url: `http://localhost:${info.port}`,
        close: (graceMs) =>
          new Promise<void>((done) => {
            const cut = graceMs === undefined ? undefined : setTimeout(() => http.closeAllConnections(), graceMs);
            server.close(() => {
              clearTimeout(cut);
              done();
            });
            http.closeIdleConnections();
          }),
      });
    });
    // serve() without TLS or HTTP/2 options creates a plain node:http server.
    const http = server as Server;
    server.once('error', reject);
  });
}
