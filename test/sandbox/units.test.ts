// Pure pieces of the sandbox: cryptograms, the idempotency window.
import { describe, expect, it } from 'vitest';
import { luhnValid } from '../../domain/card-number.js';
import { createCryptogram, readCryptogram } from '../../sandbox/cryptogram.js';
import { createIdempotencyCache } from '../../sandbox/idempotency.js';

describe('sandbox cryptograms', () => {
  it('a packet has the legacy shape 01 + first six + last four + YYMM + key version + base64, and reads back', () => {
    const made = createCryptogram({ cardNumber: '4242 4242 4242 4242', expMonth: 3, expYear: 2031, cvv: '123' });
    if (!('packet' in made)) throw new Error(JSON.stringify(made));
    expect(made.packet).toMatch(/^01424242424231030\d[A-Za-z0-9+/=]{344}$/);
    expect(readCryptogram(made.packet)).toEqual({ firstSix: '424242', lastFour: '4242', expDate: '03/31' });
  });

  it('the JSON CloudCard packet format is read too', () => {
    const packet = Buffer.from(
      JSON.stringify({
        Type: 'CloudCard',
        CardInfo: { FirstSixDigits: '555555', LastFourDigits: '4444', ExpDateYear: '2030', ExpDateMonth: '7' },
        Value: 'x',
      }),
    ).toString('base64');
    expect(readCryptogram(packet)).toEqual({ firstSix: '555555', lastFour: '4444', expDate: '07/30' });
  });

  it.each([
    [
      { cardNumber: '', expMonth: 1, expYear: 2040, cvv: '1' },
      { cardNumber: 'CardNumber_Empty', cvv: 'Cvv_Invalid' },
    ],
    [{ cardNumber: '4242424242424241', expMonth: 1, expYear: 2040, cvv: '123' }, { cardNumber: 'CardNumber_Invalid' }],
    [
      { cardNumber: '4242424242424242', expMonth: 13, expYear: 2040, cvv: '123' },
      { expDateMonthYear: 'ExpDateMonthYear_Invalid' },
    ],
    [
      { cardNumber: '4242424242424242', expMonth: 1, expYear: 2020, cvv: '123' },
      { expDateMonthYear: 'ExpDateMonthYear_Invalid' },
    ],
    [{ cardNumber: '4242424242424242', expMonth: 1, expYear: 40, cvv: '' }, { cvv: 'Cvv_Empty' }],
  ])('invalid card data %j gives the checkout error codes %j', (input, errors) => {
    expect(createCryptogram(input, new Date('2026-06-01T00:00:00Z'))).toEqual({ errors });
  });

  it.each([
    ['4242424242424242', true],
    ['2200000000000004', true],
    ['4242424242424241', false],
    ['', false],
  ])('luhnValid(%s) is %s', (digits, valid) => {
    expect(luhnValid(digits)).toBe(valid);
  });

  it('garbage is not a cryptogram', () => {
    expect(readCryptogram('hello')).toBeUndefined();
  });
});

describe('sandbox idempotency window', () => {
  it('replays the first answer for an hour, then processes the key afresh', async () => {
    let now = 0;
    const cache = createIdempotencyCache(() => now);
    let processed = 0;
    const run = () => cache.run('k', async () => ({ status: 200, body: String(++processed) }));
    expect(await run()).toEqual({ answer: { status: 200, body: '1' }, replayed: false });
    now = 60 * 60 * 1000 - 1;
    expect(await run()).toEqual({ answer: { status: 200, body: '1' }, replayed: true });
    now = 60 * 60 * 1000;
    expect(await run()).toEqual({ answer: { status: 200, body: '2' }, replayed: false });
  });

  it('a processing that throws is forgotten, so the key can be used again', async () => {
    const cache = createIdempotencyCache(() => 0);
    await expect(cache.run('k', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await cache.run('k', async () => ({ status: 200, body: 'ok' }))).toMatchObject({ replayed: false });
  });
});
