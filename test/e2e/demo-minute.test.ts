// The newcomer's tour of api.md's local stack: subscribe to demo-minute on `npm start`, pay on the sandbox's hosted
// page in a real browser (3-D Secure included), see it active, see the renewal a minute later, and find the
// workflow through the Temporal Web UI with the README's query.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCAL_JWT_SECRET } from '../../config/config.js';
import { until } from '../support/billing-client.js';
import { launchChromium } from '../support/browser.js';
import { devStack } from '../support/dev-stack-process.js';
import { body } from '../support/http.js';

const dataDir = mkdtempSync(join(tmpdir(), 'billing-demo-'));
const stack = await devStack(dataDir);
const started = stack.start();

afterAll(async () => {
  await stack.interrupt(started);
  rmSync(dataDir, { recursive: true, force: true });
});

describe('demo-minute on the local stack', () => {
  it('subscribe, pay on the hosted page, active, renewed a minute later, found in the Web UI by BillingUserId', async () => {
    const api = stack.apiUrl;
    const uiPort = stack.ports.ui;
    await stack.untilServing(started, '/ready', 120_000);

    const user = `newcomer-${Date.now()}`;
    const token = await new SignJWT({ email: 'demo@example.test' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(user)
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode(LOCAL_JWT_SECRET));
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const created = await fetch(`${api}/v1/subscriptions`, {
      method: 'POST',
      headers: { ...headers, 'idempotency-key': `demo-${user}` },
      body: JSON.stringify({ planId: 'demo-minute', returnUrl: `${api}/health` }),
    });
    expect(created.status).toBe(201);
    const { subscription, checkout } = await body(created);

    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(checkout.paymentUrl);
      await page.fill('#cardNumber', '4242424242424242');
      await page.fill('#exp', '12/35');
      await page.fill('#cvv', '123');
      await page.click('#pay');
      await page.click('#confirm');
      await page.waitForURL(`${api}/health`);
    } finally {
      await browser.close();
    }

    const read = async () => body(await fetch(`${api}/v1/subscriptions/${subscription.id}`, { headers }));
    await until('active', async () => ((await read()).status === 'active' ? true : undefined), 30_000);
    const invoices = await until(
      'a second paid invoice',
      async () => {
        const items = (await body(await fetch(`${api}/v1/subscriptions/${subscription.id}/invoices`, { headers })))
          .items;
        return items.filter((i: { status: string }) => i.status === 'paid').length >= 2 ? items : undefined;
      },
      100_000,
    );
    expect(invoices.map((i: { kind: string }) => i.kind)).toEqual(['renewal', 'initial']);

    const query = encodeURIComponent(`BillingUserId = '${user}'`);
    const listed = await until('the workflow in the Web UI', async () => {
      const res = await fetch(`http://localhost:${uiPort}/api/v1/namespaces/default/workflows?query=${query}`);
      const executions = (await body(res)).executions ?? [];
      return executions.length > 0 ? executions : undefined;
    });
    expect(listed[0].execution.workflowId).toBe(`subscription-${subscription.id}`);
  }, 240_000);
});
