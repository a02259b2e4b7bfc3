// The floor for a webhook: bare Hono on the same HTTP server, reading the raw body and checking the same
// CloudPayments HMAC the API checks, answering `{"code":0}` and nothing else.
import { Hono } from 'hono';
import { verifyCloudPaymentsSignature } from '../../acquiring/cloudpayments/signature.js';
import { listen } from '../../runtime/http-server.js';
import { freePort } from '../../test/support/throwaway-postgres.js';

export async function startWebhookFloor(secret: string) {
  const app = new Hono();
  app.post('/webhooks/cloudpayments/:route', async (c) => {
    const rawBody = new Uint8Array(await c.req.arrayBuffer());
    const headers = Object.fromEntries(c.req.raw.headers.entries());
    if (!verifyCloudPaymentsSignature(secret, rawBody, headers)) return c.json({ code: 13 }, 401);
    return c.json({ code: 0 });
  });
  const server = await listen(app.fetch, await freePort(), '127.0.0.1');
  return { url: server.url, close: server.close };
}
