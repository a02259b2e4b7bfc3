import { describe, expect, it } from 'vitest';
import { containsCardNumber, isCardNumber } from '../../domain/card-number.js';

describe('card number detection', () => {
  const found: Array<[string, string]> = [
    ['a 16-digit Visa test card', '4242424242424242'],
    ['a card grouped by spaces', 'card: 4242 4242 4242 4242'],
    ['a card grouped by dashes', '5555-5555-5555-4444'],
    ['a 15-digit Amex test card inside text', 'pay with 378282246310005 please'],
    ['a Discover test card', '6011000990139424'],
    ['a card as a JSON number', '{"n":4000000000003055}'],
  ];
  it.each(found)('finds %s', (_name, text) => {
    expect(containsCardNumber(text)).toBe(true);
  });

  const notFound: Array<[string, string]> = [
    ['a 16-digit number failing Luhn', '4242424242424241'],
    ['12 digits', '424242424242'],
    ['part of a longer run of digits', '42424242424242420000'],
    ['an amount, a phone number and a date', '29900 +7 999 123-45-67 2026-05-01T10:00:00Z'],
    ['first six and last four apart', 'CardFirstSix=424242&CardLastFour=4242'],
    ['a uuid', '0f3a9c1b-2d4e-5f60-7182-93a4b5c6d7e8'],
    // 4730668003989 passes Luhn: this id was refused everywhere (its routes, its webhooks) before.
    ['a Luhn-valid digit run inside one of our hex ids', '/v1/subscriptions/sub_a6da2ec85df4730668003989'],
    ['the same id as a notification field', 'InvoiceId=inv_sub_a6da2ec85df4730668003989_0'],
    ['a card number glued to letters, as in a token', 'tk_4242424242424242ab'],
  ];
  it.each(notFound)('does not flag %s', (_name, text) => {
    expect(containsCardNumber(text)).toBe(false);
  });

  it('isCardNumber is about the whole value: a cryptogram with a card-like prefix is not one', () => {
    expect(isCardNumber(' 4242 4242 4242 4242 ')).toBe(true);
    expect(isCardNumber('014242424242301201AbCd+/==')).toBe(false);
  });
});
