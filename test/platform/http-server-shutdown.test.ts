// runtime/http-server.ts close(graceMs), over real HTTP: what the API does with its connections on SIGTERM.
import { Agent, request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { listen, type RunningServer } from '../../runtime/http-server.js';

const servers: RunningServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close(0).catch(() => {});
});

/** A server whose /slow answers only once `release()` is called; `inFlight` resolves when a /slow request is in. */
async function gatedServer() {
  let release = () => {};
  let arrived = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const inFlight = new Promise<void>((resolve) => {
    arrived = resolve;
  });
  const server = await listen(
    async (req) => {
      if (new URL(req.url).pathname !== '/slow') return new Response('fast');
      arrived();
      await gate;
      return new Response('slow done');
    },
    0,
    '127.0.0.1',
  );
  servers.push(server);
  return { server, release, inFlight, url: server.url.replace('localhost', '127.0.0.1') };
}

/** One request on a connection of its own; resolves with the body, or the socket error's code. */
function get(url: string, agent: Agent | false = false): Promise<string> {
  return new Promise((resolve) => {
    const req = request(url, { agent }, (res) => {
      let text = '';
      res.on('data', (chunk) => {
        text += chunk;
      });
      res.on('end', () => resolve(text));
      res.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
    });
    req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
    req.end();
  });
}

describe('close(graceMs)', () => {
  it('answers the request in flight, refuses new connections, and resolves once it is answered', async () => {
    const { server, release, inFlight, url } = await gatedServer();
    const slow = get(`${url}/slow`);
    await inFlight;
    let closed = false;
    const closing = server.close(30_000).then(() => {
      closed = true;
    });
    expect(await get(`${url}/other`)).toBe('ECONNREFUSED');
    expect(closed).toBe(false);
    release();
    expect(await slow).toBe('slow done');
    await closing;
    expect(closed).toBe(true);
  });

  it('does not wait for idle keep-alive connections', async () => {
    const { server, url } = await gatedServer();
    const agent = new Agent({ keepAlive: true });
    expect(await get(`${url}/`, agent)).toBe('fast');
    const began = Date.now();
    await server.close(30_000);
    expect(Date.now() - began).toBeLessThan(5_000);
    agent.destroy();
  });

  it('cuts a request still busy after the grace, so the process can exit', async () => {
    const { server, inFlight, url } = await gatedServer();
    const slow = get(`${url}/slow`);
    await inFlight;
    const began = Date.now();
    await server.close(300);
    expect(Date.now() - began).toBeGreaterThanOrEqual(250);
    expect(await slow).toBe('ECONNRESET');
  });
});
