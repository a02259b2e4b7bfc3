import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { billingSignature } from '../../activities/event-signature.js';
import {
  createMemoryProcessedEventStore,
  receiveBillingEvent,
  verifyBillingEvent,
} from '../../receivers/billing-events.js';

const SECRET = 'receiver-test-secret-0001';
const OLD_SECRET = 'receiver-test-secret-0000';
const NOW = new Date('2026-03-01T12:00:00Z');
const T = Math.floor(NOW.getTime() / 1000);
const body = JSON.stringify({
  id: 'evt_sub_1_0',
  type: 'entitlement.granted',
  createdAt: NOW.toISOString(),
  data: { userId: 'u1', role: 'subscriber' },
  subscriptionId: 'sub_1',
  sequence: 3,
});
const hmac = (secret: string, t: number, raw: string) =>
  createHmac('sha256', secret).update(`${t}.${raw}`).digest('hex');

describe('verifyBillingEvent', () => {
  const cases: Array<{ name: string; header: string | undefined; raw?: string; secrets?: string[]; error?: string }> = [
    { name: 'valid signature', header: `t=${T},v1=${hmac(SECRET, T, body)}` },
    { name: 'signature made by the service signer', header: billingSignature([SECRET], body, T) },
    {
      name: 'wrong secret',
      header: `t=${T},v1=${hmac('another-secret-entirely', T, body)}`,
      error: 'signature_mismatch',
    },
    {
      name: 'tampered body',
      header: `t=${T},v1=${hmac(SECRET, T, body)}`,
      raw: body.replace('u1', 'u2'),
      error: 'signature_mismatch',
    },
    {
      name: 'stale t (6 minutes old)',
      header: `t=${T - 360},v1=${hmac(SECRET, T - 360, body)}`,
      error: 'stale_signature',
    },
    {
      name: 'future t (6 minutes ahead)',
      header: `t=${T + 360},v1=${hmac(SECRET, T + 360, body)}`,
      error: 'stale_signature',
    },
    { name: 't within the window (4 minutes old)', header: `t=${T - 240},v1=${hmac(SECRET, T - 240, body)}` },
    { name: 't changed after signing', header: `t=${T - 1},v1=${hmac(SECRET, T, body)}`, error: 'signature_mismatch' },
    { name: 'missing header', header: undefined, error: 'malformed_signature' },
    { name: 'no v1', header: `t=${T}`, error: 'malformed_signature' },
    { name: 'no t', header: `v1=${hmac(SECRET, T, body)}`, error: 'malformed_signature' },
    { name: 'v1 not hex', header: `t=${T},v1=not-a-signature`, error: 'malformed_signature' },
    { name: 'garbage', header: 'garbage', error: 'malformed_signature' },
    { name: 'rotation: the second v1 matches', header: billingSignature(['brand-new-secret-0002', SECRET], body, T) },
    {
      name: 'rotation: receiver accepts old and new secrets',
      header: `t=${T},v1=${hmac(OLD_SECRET, T, body)}`,
      secrets: [SECRET, OLD_SECRET],
    },
    {
      name: 'valid signature over a body that is not an event',
      header: `t=${T},v1=${hmac(SECRET, T, '[1]')}`,
      raw: '[1]',
      error: 'malformed_event',
    },
  ];
  it.each(cases)('$name', ({ header, raw, secrets, error }) => {
    const verify = () =>
      verifyBillingEvent({
        rawBody: raw ?? body,
        signatureHeader: header,
        secrets: secrets ?? [SECRET],
        now: () => NOW,
      });
    if (error) expect(verify).toThrow(expect.objectContaining({ code: error }));
    else expect(verify()).toMatchObject({ id: 'evt_sub_1_0', sequence: 3 });
  });

  it('accepts the raw body as bytes', () => {
    const event = verifyBillingEvent({
      rawBody: new TextEncoder().encode(body),
      signatureHeader: billingSignature([SECRET], body, T),
      secrets: [SECRET],
      now: () => NOW,
    });
    expect(event.type).toBe('entitlement.granted');
  });
});

describe('receiveBillingEvent', () => {
  const receive = (store: ReturnType<typeof createMemoryProcessedEventStore>, handle = async () => {}) =>
    receiveBillingEvent({
      rawBody: body,
      signatureHeader: billingSignature([SECRET], body, T),
      secrets: [SECRET],
      now: () => NOW,
      store,
      handle,
    });

  it('handles an id once and reports the duplicate as acknowledged without handling it again', async () => {
    const store = createMemoryProcessedEventStore();
    let handled = 0;
    const first = await receive(store, async () => void handled++);
    const second = await receive(store, async () => void handled++);
    expect([first.ok && first.status, second.ok && second.status, handled]).toEqual(['processed', 'duplicate', 1]);
  });

  it('forgets the id when handling throws, so the redelivery is handled', async () => {
    const store = createMemoryProcessedEventStore();
    await expect(receive(store, async () => Promise.reject(new Error('db down')))).rejects.toThrow('db down');
    expect(await receive(store)).toMatchObject({ ok: true, status: 'processed' });
  });

  it('answers a bad signature with its code and never calls the handler', async () => {
    let handled = false;
    const outcome = await receiveBillingEvent({
      rawBody: body,
      signatureHeader: billingSignature(['not-the-receivers-secret'], body, T),
      secrets: [SECRET],
      now: () => NOW,
      store: createMemoryProcessedEventStore(),
      handle: async () => {
        handled = true;
      },
    });
    expect([outcome.ok, !outcome.ok && outcome.code, handled]).toEqual([false, 'signature_mismatch', false]);
  });

  it('forgets an id after its TTL', async () => {
    let clock = 0;
    const store = createMemoryProcessedEventStore({ ttlMs: 1000, now: () => clock });
    expect(await store.claim('a')).toBe(true);
    expect(await store.claim('a')).toBe(false);
    clock = 1001;
    expect(await store.claim('a')).toBe(true);
  });
});
