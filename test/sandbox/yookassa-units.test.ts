// The YooKassa sandbox's pure parts, table-driven: amounts, the test-card table, the retry schedule, Idempotence-Key.
import { describe, expect, it } from 'vitest';
import { YooKassaError } from '../../sandbox/yookassa/errors.js';
import { createIdempotenceStore, IDEMPOTENCE_WINDOW_MS } from '../../sandbox/yookassa/idempotence.js';
import { parseAmount, wireAmount } from '../../sandbox/yookassa/money.js';
import { RETRY_OFFSETS_SECONDS, retryDelayMs } from '../../sandbox/yookassa/notifier.js';
import { luhnValid, TEST_CARDS, testCardOf } from '../../sandbox/yookassa/test-cards.js';

describe('amounts', () => {
  it.each([
    ['499.00', 49_900],
    ['499', 49_900],
    ['0.5', 50],
    ['1.05', 105],
    ['350000.00', 35_000_000],
  ])('"%s" RUB is %i kopecks and back', (value, minor) => {
    expect(parseAmount({ value, currency: 'RUB' }, 'amount')).toEqual({ minor, currency: 'RUB' });
    expect(wireAmount({ minor, currency: 'RUB' }).value).toBe((minor / 100).toFixed(2));
  });

  it.each([
    [{ value: '1,00', currency: 'RUB' }, 'amount.value'],
    [{ value: '1.001', currency: 'RUB' }, 'amount.value'],
    [{ value: '0.00', currency: 'RUB' }, 'amount.value'],
    [{ value: '-1', currency: 'RUB' }, 'amount.value'],
    [{ value: '1.00', currency: 'rub' }, 'amount.currency'],
    [{ value: '1.00' }, 'amount.currency'],
    [undefined, 'amount'],
  ])('%j is refused naming %s', (amount, parameter) => {
    expect(() => parseAmount(amount, 'amount')).toThrow(
      expect.objectContaining({ code: 'invalid_request', parameter }),
    );
  });
});

describe('test cards', () => {
  it('every published card passes Luhn; 11 succeed, 33 are declined by the network and 6 by YooKassa', () => {
    const cards = [...TEST_CARDS.entries()];
    expect(cards.every(([number]) => luhnValid(number))).toBe(true);
    expect(cards.filter(([, c]) => !c.decline)).toHaveLength(11);
    expect(cards.filter(([, c]) => c.decline?.party === 'payment_network')).toHaveLength(33);
    expect(cards.filter(([, c]) => c.decline?.party === 'yoo_money')).toHaveLength(6);
  });

  it.each([
    ['5555555555554477', { brand: 'MasterCard', threeDs: true }],
    ['2202474301322987', { brand: 'Mir', threeDs: false }],
    [
      '4562265587712390',
      { brand: 'Visa', threeDs: false, decline: { reason: 'insufficient_funds', party: 'payment_network' } },
    ],
    [
      '2200000000000012',
      { brand: 'Mir', threeDs: true, decline: { reason: '3d_secure_failed', party: 'payment_network' } },
    ],
    [
      '4969751510013864',
      { brand: 'Visa', threeDs: false, decline: { reason: 'country_forbidden', party: 'yoo_money' } },
    ],
    ['4242424242424242', { brand: 'Visa', threeDs: true }],
  ])('%s → %j', (number, card) => {
    expect(testCardOf(number)).toEqual(card);
  });
});

describe('notification retries', () => {
  it('the delays after each failed attempt add up to YooKassa’s offsets (last at 86 016 s) and then stop', () => {
    let at = 0;
    const offsets: number[] = [];
    for (let attempts = 1; retryDelayMs(attempts, 1) !== undefined; attempts++) {
      at += retryDelayMs(attempts, 1) ?? 0;
      offsets.push(at / 1000);
    }
    expect(offsets).toEqual([...RETRY_OFFSETS_SECONDS]);
    expect(retryDelayMs(1, 0.001)).toBe(10);
  });
});

describe('Idempotence-Key store', () => {
  const ok = (body: string) => async () => ({ status: 200, body });

  it('replays within 24 h, runs again after; another request with the key is a 400; 5xx answers are not kept', async () => {
    let now = 0;
    const store = createIdempotenceStore(() => now);
    const request = { path: '/payments', body: { a: 1, b: [1, { c: 2 }] } };
    expect(await store.run('k', request, ok('first'))).toEqual({ status: 200, body: 'first' });
    const reordered = { path: '/payments', body: { b: [1, { c: 2 }], a: 1 } };
    expect((await store.run('k', reordered, ok('second'))).body).toBe('first');
    await expect(store.run('k', { path: '/refunds', body: request.body }, ok('x'))).rejects.toBeInstanceOf(
      YooKassaError,
    );
    now = IDEMPOTENCE_WINDOW_MS;
    expect((await store.run('k', request, ok('third'))).body).toBe('third');
    await store.run('e', request, async () => ({ status: 500, body: 'boom' }));
    expect((await store.run('e', request, ok('retried'))).body).toBe('retried');
  });
});
