// The checkout's floor, measured in the same run: the sandbox's cryptogram charge called directly (the acquirer
// alone: its synchronous `check` back into us is switched off for this phase, so no work of ours is inside), and a
// bare Hono round trip (JSON in, JSON out) on the same machine.
import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { listen } from '../../runtime/http-server.js';
import { createCryptogram } from '../../sandbox/cryptogram.js';
import { freePort } from '../../test/support/throwaway-postgres.js';
import type { BenchStack } from './bench-stack.js';

export interface FloorTimings {
  /** Each direct charge, request to answer, ms. */
  chargeMs: number[];
  /** Each bare Hono round trip, ms. */
  honoMs: number[];
}

async function setCheckDisabled(sandboxUrl: string, checkDisabled: boolean) {
  const response = await fetch(
    `${sandboxUrl}/_sandbox/faults`,
    checkDisabled
      ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ checkDisabled }) }
      : { method: 'DELETE' },
  );
  if (!response.ok) throw new Error(`sandbox faults: HTTP ${response.status}`);
}

async function directCharges(stack: BenchStack, n: number): Promise<number[]> {
  const { publicId, apiSecret } = stack.config.acquiring.cloudpayments;
  const authorization = `Basic ${Buffer.from(`${publicId}:${apiSecret}`).toString('base64')}`;
  const timings: number[] = [];
  await setCheckDisabled(stack.sandboxUrl, true);
  try {
    for (let i = 0; i < n; i++) {
      const made = createCryptogram({ cardNumber: '4000000000003055', expMonth: 12, expYear: 2030, cvv: '123' });
      if (!('packet' in made)) throw new Error('cryptogram refused');
      const body = JSON.stringify({
        Amount: 499,
        Currency: 'RUB',
        InvoiceId: `floor-${randomBytes(6).toString('hex')}`,
        AccountId: 'floor-user',
        CardCryptogramPacket: made.packet,
        IpAddress: '203.0.113.7',
      });
      const startMs = performance.now();
      const response = await fetch(`${stack.sandboxUrl}/payments/cards/charge`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json', 'x-request-id': `floor-${i}-${startMs}` },
        body,
      });
      const answer = (await response.json()) as { Success?: boolean };
      timings.push(performance.now() - startMs);
      if (!answer.Success) throw new Error(`direct charge failed: ${JSON.stringify(answer)}`);
    }
  } finally {
    await setCheckDisabled(stack.sandboxUrl, false);
  }
  return timings;
}

async function bareHono(n: number): Promise<number[]> {
  const app = new Hono().post('/echo', async (c) => c.json({ received: await c.req.json() }, 201));
  const server = await listen(app.fetch, await freePort(), '127.0.0.1');
  const url = `${server.url.replace('localhost', '127.0.0.1')}/echo`;
  const timings: number[] = [];
  try {
    for (let i = 0; i < n; i++) {
      const startMs = performance.now();
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ planId: 'bench', i }),
      });
      await response.json();
      timings.push(performance.now() - startMs);
    }
  } finally {
    await server.close();
  }
  return timings;
}

export async function measureFloor(stack: BenchStack, n: number): Promise<FloorTimings> {
  return { chargeMs: await directCharges(stack, n), honoMs: await bareHono(n) };
}
