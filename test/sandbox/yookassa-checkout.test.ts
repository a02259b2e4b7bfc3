// The YooKassa sandbox's confirmation page driven over plain HTTP (form posts, redirects), the 1-hour pending
// expiry and the 7-day hold expiry with a compressed time scale, and the API fault switches.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../acquiring/support/wait.js';
import { linkPayment, payByToken, startYooKassaSandbox, type YooKassaTestSandbox } from './yookassa-support.js';

const RETURN_URL = 'https://app.example/billing/return?p=bp_1';
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});
async function sandbox(expiryTimeScale?: number) {
  const sb = await startYooKassaSandbox({ expiryTimeScale });
  closers.push(() => sb.close());
  return sb;
}

const post = (url: string, fields: Record<string, string>) =>
  fetch(url, { method: 'POST', body: new URLSearchParams(fields), redirect: 'manual' });
const card = (cardNumber: string) => ({ cardNumber, exp: '12/35', cvv: '123' });

async function openCheckout(sb: YooKassaTestSandbox) {
  const { json } = await linkPayment(sb);
  const url = json.confirmation.confirmation_url as string;
  const page = await fetch(url);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('499.00 RUB');
  return { id: json.id as string, url };
}

describe('YooKassa sandbox confirmation page', () => {
  it('a non-3DS card entered on the page pays at once and the browser goes back to return_url', async () => {
    const sb = await sandbox();
    const { id, url } = await openCheckout(sb);
    const answer = await post(url, card('5555555555554444'));
    expect(answer.status).toBe(303);
    expect(answer.headers.get('location')).toBe(RETURN_URL);
    expect((await sb.api('GET', `/payments/${id}`)).json.status).toBe('succeeded');
  });

  it('a 3-DS card goes to the code page; confirming there succeeds, then return_url', async () => {
    const sb = await sandbox();
    const { id, url } = await openCheckout(sb);
    const toCode = await post(url, card('4793128161644804'));
    expect(toCode.headers.get('location')).toBe(`/yookassa/checkout/${id}/3ds`);
    const codePage = await fetch(`${sb.url}/yookassa/checkout/${id}/3ds`);
    expect(await codePage.text()).toContain('*4804');
    expect((await sb.api('GET', `/payments/${id}`)).json.status).toBe('pending');
    const back = await post(`${sb.url}/yookassa/checkout/${id}/3ds`, { code: '1234', result: 'success' });
    expect(back.headers.get('location')).toBe(RETURN_URL);
    expect((await sb.api('GET', `/payments/${id}`)).json).toMatchObject({
      status: 'succeeded',
      authorization_details: { three_d_secure: { applied: true } },
    });
  });

  it('declining on the code page cancels the payment (3d_secure_failed) and still returns to return_url', async () => {
    const sb = await sandbox();
    const { id, url } = await openCheckout(sb);
    await post(url, card('2200000000000004'));
    const back = await post(`${sb.url}/yookassa/checkout/${id}/3ds`, { result: 'fail' });
    expect(back.headers.get('location')).toBe(RETURN_URL);
    expect((await sb.api('GET', `/payments/${id}`)).json.cancellation_details.reason).toBe('3d_secure_failed');
  });

  it('an invalid card number or an expired date shows the form again with the error (400), payment still pending', async () => {
    const sb = await sandbox();
    const { id, url } = await openCheckout(sb);
    const bad = await post(url, { cardNumber: '5555555555554445', exp: '01/20', cvv: '1' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/Invalid card number.*Card has expired.*Invalid CVC/);
    expect((await sb.api('GET', `/payments/${id}`)).json.status).toBe('pending');
  });

  it('the page of a finished payment sends the browser back to return_url', async () => {
    const sb = await sandbox();
    const { id, url } = await openCheckout(sb);
    await sb.control(`/payments/${id}/pay`, { cardNumber: '5555555555554444' });
    const again = await fetch(url, { redirect: 'manual' });
    expect(again.headers.get('location')).toBe(RETURN_URL);
  });
});

describe('YooKassa sandbox expiry', () => {
  it('an unpaid payment is canceled expired_on_confirmation after the (scaled) hour', async () => {
    const sb = await sandbox(0.0001); // 1 h = 360 ms
    const { json } = await linkPayment(sb);
    const expired = await waitFor(async () => {
      const p = (await sb.api('GET', `/payments/${json.id}`)).json;
      return p.status === 'canceled' && p;
    }, 'the expiry');
    expect(expired.cancellation_details).toEqual({ party: 'yoo_money', reason: 'expired_on_confirmation' });
  });

  it('an uncaptured hold is canceled expired_on_capture at expires_at (7 days scaled)', async () => {
    const sb = await sandbox(0.000001); // 7 days = 605 ms
    const held = (await payByToken(sb, '5555555555554444', { capture: false })).json;
    const expired = await waitFor(async () => {
      const p = (await sb.api('GET', `/payments/${held.id}`)).json;
      return p.status === 'canceled' && p;
    }, 'the hold expiry');
    expect(expired.cancellation_details).toEqual({ party: 'yoo_money', reason: 'expired_on_capture' });
    expect((await sb.api('POST', `/payments/${held.id}/capture`, {})).status).toBe(400);
  });

  it('the expire control ends a hold at once', async () => {
    const sb = await sandbox();
    const held = (await payByToken(sb, '5555555555554444', { capture: false })).json;
    const expired = await sb.control(`/payments/${held.id}/expire`, {});
    expect(expired.cancellation_details.reason).toBe('expired_on_capture');
  });
});

describe('YooKassa sandbox API faults', () => {
  it('errorAfterCommitRate: the client gets a 500 but the payment exists; a retry with the same key gets it', async () => {
    const sb = await sandbox();
    await sb.control('/faults', { errorAfterCommitRate: 1 });
    const key = randomUUID();
    const body = {
      amount: { value: '10.00', currency: 'RUB' },
      capture: true,
      payment_token: await sb.token('5555555555554444'),
    };
    const lost = await sb.api('POST', '/payments', body, { key });
    expect(lost.status).toBe(500);
    expect(lost.json).toMatchObject({ type: 'error', code: 'internal_server_error' });
    await sb.control('/faults', undefined, 'DELETE');
    const retried = await sb.api('POST', '/payments', body, { key });
    expect(retried.json.status).toBe('succeeded');
    expect(await sb.transactions()).toHaveLength(1);
  });

  it('rateLimitRate and errorRate answer 429 / 500 before anything is processed', async () => {
    const sb = await sandbox();
    await sb.control('/faults', { rateLimitRate: 1 });
    expect((await payByToken(sb, '5555555555554444')).json).toMatchObject({ code: 'too_many_requests' });
    await sb.control('/faults', { errorRate: 1 });
    expect((await payByToken(sb, '5555555555554444')).status).toBe(500);
    expect(await sb.transactions()).toHaveLength(0);
  });
});
