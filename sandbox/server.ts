import { serve } from '@hono/node-server';
import { Hono } from 'hono';

export interface SandboxOptions {
  port: number;
  host?: string;
  publicId: string;
  apiSecret: string;
  /** Base URL our notifications go to (`<notifyUrl>/<kind>`). */
  notifyUrl?: string | undefined;
}

export interface RunningSandbox {
  url: string;
  close(): Promise<void>;
}

/** PLACEHOLDER until the acquiring issue lands: answers CloudPayments' `/test` only. */
export function createSandboxApp(options: SandboxOptions) {
  const app = new Hono();
  const expected = `Basic ${Buffer.from(`${options.publicId}:${options.apiSecret}`).toString('base64')}`;
  app.post('/test', (c) => {
    if (c.req.header('authorization') !== expected) return c.text('Unauthorized', 401);
    return c.json({ Success: true, Message: 'sandbox' });
  });
  return app;
}

export function startSandbox(options: SandboxOptions): Promise<RunningSandbox> {
  const app = createSandboxApp(options);
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: options.port, hostname: options.host ?? '127.0.0.1' }, (info) => {
      resolve({
        url: `http://localhost:${info.port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}
