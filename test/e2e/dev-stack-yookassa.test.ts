// `ACQUIRER=yookassa npm start`: the local stack with YooKassa (over the sandbox's /yookassa) as the acquirer for
// new checkouts — a link payment paid on the sandbox becomes an active subscription through the unsigned
// notification and the adapter's confirming lookup, charged exactly once, with its receipt.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCAL_JWT_SECRET } from '../../config/config.js';
import { until } from '../support/billing-client.js';
import { devStack } from '../support/dev-stack-process.js';
import { body } from '../support/http.js';

const dataDir = mkdtempSync(join(tmpdir(), 'billing-devstack-yookassa-'));
const stack = await devStack(dataDir, { ACQUIRER: 'yookassa' });

afterAll(() => {
  stack.kill();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('ACQUIRER=yookassa npm start', () => {
  it('a demo-minute link paid on the YooKassa sandbox makes the subscription active, charged once, with a receipt', async () => {
    const api = stack.apiUrl;
    const sandbox = `http://localhost:${stack.ports.sandbox}`;
    const started = stack.start();
    await stack.untilServing(started, '/ready', 120_000);
    await until('the banner', async () => (stack.output().includes('Press Ctrl-C') ? true : undefined), 10_000);
    expect(stack.output()).toContain(`/yookassa/v3`);
    expect(stack.output()).toMatch(/Acquirers +yookassa \(default for new checkouts\)/);

    const user = `yk-newcomer-${Date.now()}`;
    const token = await new SignJWT({ email: 'yk-demo@example.test' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(user)
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode(LOCAL_JWT_SECRET));
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const created = await fetch(`${api}/v1/subscriptions`, {
      method: 'POST',
      headers: { ...headers, 'idempotency-key': `yk-demo-${user}` },
      body: JSON.stringify({ planId: 'demo-minute', returnUrl: `${api}/health` }),
    });
    expect(created.status).toBe(201);
    const { subscription, checkout } = await body(created);

    const confirmation = new URL(checkout.paymentUrl);
    expect(confirmation.port).toBe(String(stack.ports.sandbox));
    const match = /^\/yookassa\/checkout\/([^/]+)$/.exec(confirmation.pathname);
    expect(match, checkout.paymentUrl).not.toBeNull();
    const paymentId = (match as RegExpExecArray)[1];
    const page = await fetch(checkout.paymentUrl);
    expect(page.status).toBe(200);

    const paid = await fetch(`${sandbox}/yookassa/_sandbox/payments/${paymentId}/pay`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ cardNumber: '5555555555554477' }),
    });
    expect(paid.status, await paid.clone().text()).toBe(200);

    const read = async () => body(await fetch(`${api}/v1/subscriptions/${subscription.id}`, { headers }));
    await until('active', async () => ((await read()).status === 'active' ? true : undefined), 60_000);

    const payments = await until('the succeeded payment', async () => {
      const { items } = await body(await fetch(`${api}/v1/payments?subscriptionId=${subscription.id}`, { headers }));
      return items.some((p: { status: string }) => p.status === 'succeeded') ? items : undefined;
    });
    expect(payments).toHaveLength(1);
    expect(payments[0]).toMatchObject({ acquirer: 'yookassa', status: 'succeeded' });
    expect(payments[0].receipt).not.toBeNull();

    const ledger = await body(await fetch(`${sandbox}/yookassa/_sandbox/transactions`));
    const captured = ledger.items.filter(
      (t: { kind: string; status: string }) => t.kind === 'payment' && t.status === 'succeeded',
    );
    expect(captured).toHaveLength(1);
    expect(captured[0].id).toBe(paymentId);
  }, 240_000);
});
