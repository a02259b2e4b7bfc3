// The hosted payment page paid in headless Chromium (Debian's chromium + playwright-core), through the
// 3-D Secure page, with the notifications arriving signed at a local receiver.
import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCloudPaymentsProvider } from '../../acquiring/cloudpayments/provider.js';
import type { PaymentProvider } from '../../acquiring/provider.js';
import { plainHeaders, type Receiver, startReceiver } from '../acquiring/support/receiver.js';
import { waitFor } from '../acquiring/support/wait.js';
import { launchChromium } from '../support/browser.js';
import { API_SECRET, PUBLIC_ID, startTestSandbox, type TestSandbox } from './support.js';

let browser: Browser;
let receiver: Receiver;
let sb: TestSandbox;
let provider: PaymentProvider;

beforeAll(async () => {
  receiver = await startReceiver();
  sb = await startTestSandbox({ notifyUrl: receiver.url });
  provider = createCloudPaymentsProvider({
    apiUrl: sb.url,
    publicId: PUBLIC_ID,
    apiSecret: API_SECRET,
    timeoutMs: 5_000,
  });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await sb?.close();
  await receiver?.close();
});

async function linkFor(invoiceId: string) {
  const base = receiver.url.replace('/hooks', '/shop');
  const link = await provider.createPaymentLink({
    paymentId: `pay_${invoiceId}`,
    idempotencyKey: `link_${invoiceId}`,
    invoiceId,
    accountId: 'user-42',
    amount: 29_900,
    currency: 'RUB',
    description: 'Movix Premium, 1 month',
    successUrl: `${base}/success`,
    failUrl: `${base}/fail`,
  });
  if (!link.url) throw new Error(`no link: ${JSON.stringify(link)}`);
  return { url: link.url, success: `${base}/success`, fail: `${base}/fail` };
}

async function verifiedNotification(kind: string, invoiceId: string) {
  const received = await waitFor(
    () =>
      receiver.received.find(
        (r) => r.kind === kind && new URLSearchParams(r.rawBody.toString()).get('InvoiceId') === invoiceId,
      ),
    `the ${kind} notification for ${invoiceId}`,
  );
  return provider.verifyNotification({
    route: kind,
    rawBody: received.rawBody,
    headers: plainHeaders(received.headers),
  });
}

async function payInBrowser(url: string, card: string, threeDsButton: '#confirm' | '#decline') {
  const page = await browser.newPage();
  try {
    await page.goto(url);
    await expect(page.locator('#amount').textContent()).resolves.toContain('299.00 RUB');
    await page.fill('#cardNumber', card);
    await page.fill('#exp', '12/35');
    await page.fill('#cvv', '123');
    await page.click('#pay');
    await page.waitForSelector('#summary');
    expect(await page.locator('#summary').textContent()).toContain(`*${card.slice(-4)}`);
    await page.click(threeDsButton);
    await page.waitForURL(/\/shop\//);
    return page.url();
  } finally {
    await page.close();
  }
}

describe('hosted payment page in Chromium', () => {
  it('paying with a 3-D Secure card and confirming lands on the success URL; check and pay arrive signed and verify', async () => {
    const invoiceId = `inv_${randomUUID()}`;
    const link = await linkFor(invoiceId);
    expect(await payInBrowser(link.url, '4242 4242 4242 4242', '#confirm')).toBe(link.success);
    const check = await verifiedNotification('check', invoiceId);
    const pay = await verifiedNotification('pay', invoiceId);
    expect(check).toMatchObject({
      ok: true,
      notification: { action: 'payment_check', amount: 29_900, accountId: 'user-42' },
    });
    expect(pay).toMatchObject({
      ok: true,
      notification: {
        action: 'payment_captured',
        invoiceId,
        amount: 29_900,
        state: 'captured',
        cardLastFour: '4242',
        paymentId: `pay_${invoiceId}`,
        token: expect.any(String),
      },
    });
    expect(await provider.findByInvoice(invoiceId)).toMatchObject({
      status: 'found',
      payment: { outcome: 'succeeded' },
    });
  });

  it('declining the 3-D Secure challenge lands on the fail URL and a signed fail notification carries 5206', async () => {
    const invoiceId = `inv_${randomUUID()}`;
    const link = await linkFor(invoiceId);
    expect(await payInBrowser(link.url, '5555555555554444', '#decline')).toBe(link.fail);
    expect(await verifiedNotification('fail', invoiceId)).toMatchObject({
      ok: true,
      notification: { action: 'payment_declined', decline: { code: '5206', class: 'hard' } },
    });
    expect(receiver.received.some((r) => r.kind === 'pay' && r.rawBody.toString().includes(invoiceId))).toBe(false);
  });

  it('an invalid card number re-shows the form with an error and charges nothing', async () => {
    const invoiceId = `inv_${randomUUID()}`;
    const link = await linkFor(invoiceId);
    const page = await browser.newPage();
    try {
      await page.goto(link.url);
      await page.fill('#cardNumber', '4242 4242 4242 4241');
      await page.fill('#exp', '12/35');
      await page.fill('#cvv', '123');
      await page.click('#pay');
      await page.waitForSelector('#error');
      expect(await page.locator('#error').textContent()).toContain('CardNumber_Invalid');
    } finally {
      await page.close();
    }
    expect((await sb.transactions()).some((t: { InvoiceId: string }) => t.InvoiceId === invoiceId)).toBe(false);
  });
});
