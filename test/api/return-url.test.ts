// Issue 11 point 5 over real HTTP: a returnUrl is where our redirect sends the payer's browser, so anything but an https
// URL on an allowed host (http to loopback while developing) is 400, on subscribe and on payment-method alike.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeSubscription, billingClient, type Json } from '../support/billing-client.js';
import { type Harness, startHarness } from '../support/harness.js';

const HOSTS = 'movix.test, localhost';

/** Open redirects and parser confusions: each must be refused wherever a redirect target is taken. */
const HOSTILE = [
  'javascript:alert(document.cookie)',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  '//evil.test/phish',
  'http://evil.test/phish',
  'https://evil.test/phish',
  'https://movix.test@evil.test/',
  'https://movix.test:443@evil.test/',
  'https://evil.test\\@movix.test/',
  'https:\\\\evil.test',
  'https:/evil.test',
  'http://movix.test/account',
  'https://movix.test.evil.test/',
  'http://localhost.evil.test/',
];

describe(`returnUrl with RETURN_URL_HOSTS="${HOSTS}" (outside production)`, () => {
  let h: Harness;
  let api: ReturnType<typeof billingClient>;
  let n = 0;
  const user = () => `return-url-${++n}`;
  beforeAll(async () => {
    h = await startHarness({ RETURN_URL_HOSTS: HOSTS });
    api = billingClient(h);
  });
  afterAll(async () => {
    await h?.close();
  });

  const refusal = (res: { status: number; body: Json }) => [
    res.status,
    res.body?.error?.code,
    res.body?.error?.details?.fields?.map((f: Json) => f.path),
  ];

  it.each(HOSTILE)('subscribe refuses %s with 400 naming returnUrl, and creates nothing', async (returnUrl) => {
    const who = user();
    const res = await api.subscribe(who, { planId: 'monthly', returnUrl });
    expect(refusal(res)).toEqual([400, 'validation_failed', ['json.returnUrl']]);
    expect((await api.call('GET', '/v1/subscriptions', who)).body.items).toEqual([]);
  });

  it('subscribe takes https on a listed host, and http to localhost while developing', async () => {
    for (const returnUrl of ['https://movix.test/account?tab=billing', `http://localhost:${3000}/done`]) {
      const res = await api.subscribe(user(), { planId: 'monthly', returnUrl });
      expect([res.status, res.body.subscription?.status]).toEqual([201, 'pending_payment']);
    }
  });

  it('payment-method refuses the same targets, and takes a listed https host', async () => {
    const who = user();
    const { id } = await activeSubscription(h, who, 'monthly');
    const path = `/v1/subscriptions/${id}/payment-method`;
    for (const returnUrl of HOSTILE) {
      const res = await api.call('POST', path, who, { returnUrl });
      expect(refusal(res), returnUrl).toEqual([400, 'validation_failed', ['json.returnUrl']]);
    }
    const accepted = await api.call('POST', path, who, { returnUrl: 'https://movix.test/card-saved' });
    expect([accepted.status, accepted.body.checkout?.status]).toEqual([201, 'awaiting_payment']);
  });
});
