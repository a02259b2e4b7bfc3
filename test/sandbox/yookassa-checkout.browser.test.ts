// The YooKassa sandbox's confirmation page paid in headless Chromium: card form, 3-D Secure code page, back to
// return_url; the payment's notification arrives at a local receiver.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Receiver, startReceiver } from '../acquiring/support/receiver.js';
import { waitFor } from '../acquiring/support/wait.js';
import { launchChromium } from '../support/browser.js';
import { linkPayment, startYooKassaSandbox, type YooKassaTestSandbox } from './yookassa-support.js';

let browser: Browser;
let receiver: Receiver;
let sb: YooKassaTestSandbox;
beforeAll(async () => {
  receiver = await startReceiver(() => ({ status: 200, body: '' }));
  sb = await startYooKassaSandbox({ notifyUrl: `${receiver.url}/yookassa` });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await sb?.close();
  await receiver?.close();
});

async function payInBrowser(card: string, threeDsButton: '#confirm' | '#decline') {
  const returnUrl = receiver.url.replace('/hooks', '/shop/return');
  const { json } = await linkPayment(sb, { confirmation: { type: 'redirect', return_url: returnUrl } });
  const page = await browser.newPage();
  try {
    await page.goto(json.confirmation.confirmation_url);
    await expect(page.locator('#amount').textContent()).resolves.toContain('499.00 RUB');
    await page.fill('#cardNumber', card);
    await page.fill('#exp', '12/35');
    await page.fill('#cvv', '123');
    await page.click('#pay');
    await page.waitForSelector('#summary');
    expect(await page.locator('#summary').textContent()).toContain(`*${card.slice(-4)}`);
    await page.click(threeDsButton);
    await page.waitForURL(returnUrl);
  } finally {
    await page.close();
  }
  return json.id as string;
}

const notified = (id: string) =>
  waitFor(
    () => receiver.received.find((r) => r.path.endsWith('/yookassa') && r.rawBody.toString().includes(id)),
    `the notification for ${id}`,
  ).then((r) => JSON.parse(r.rawBody.toString('utf8')));

describe('YooKassa confirmation page in Chromium', () => {
  it('a 3-DS card confirmed on the code page pays; the browser lands on return_url; payment.succeeded is sent', async () => {
    const id = await payInBrowser('5555555555554477', '#confirm');
    expect((await sb.api('GET', `/payments/${id}`)).json.status).toBe('succeeded');
    expect(await notified(id)).toMatchObject({ event: 'payment.succeeded', object: { id, status: 'succeeded' } });
  });

  it('declining 3-D Secure cancels it (3d_secure_failed), still lands on return_url, payment.canceled is sent', async () => {
    const id = await payInBrowser('4242424242424242', '#decline');
    expect(await notified(id)).toMatchObject({
      event: 'payment.canceled',
      object: { id, cancellation_details: { party: 'payment_network', reason: '3d_secure_failed' } },
    });
  });
});
