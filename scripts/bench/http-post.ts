// A lean keep-alive HTTP client for the load loops: the bench's own cost per request stays small beside the
// server's (fetch costs several times more per request, which would cap the floor at the client's speed).
import { Agent, request } from 'node:http';

export function createPoster(maxSockets: number) {
  const agent = new Agent({ keepAlive: true, maxSockets });
  const post = (url: string, body: string, headers: Record<string, string>) =>
    new Promise<number>((resolve, reject) => {
      const req = request(url, {
        method: 'POST',
        agent,
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      });
      req.once('error', reject);
      req.once('response', (res) => {
        res.resume();
        res.once('end', () => resolve(res.statusCode ?? 0));
        res.once('error', reject);
      });
      req.end(body);
    });
  return { post, close: () => agent.destroy() };
}
