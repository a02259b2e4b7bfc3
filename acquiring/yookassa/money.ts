// Pure: integer minor units ↔ YooKassa's amount strings ("499.00"), per the currency's ISO 4217 exponent.
// There is no default currency: an unknown one is an error, never RUB by accident.
import type { WireAmount } from './schemas.js';

/** Currencies the adapter lets through, with their minor-unit exponent. RUB is what a Russian shop takes; the others
 * appear in YooKassa's currency list for cards (unverified which a given shop has enabled). */
export const CURRENCY_EXPONENTS = {
  RUB: 2,
  USD: 2,
  EUR: 2,
  BYN: 2,
  KZT: 2,
  CNY: 2,
  UZS: 2,
  TRY: 2,
} as const satisfies Record<string, number>;
export type YooKassaCurrency = keyof typeof CURRENCY_EXPONENTS;
export const YOOKASSA_CURRENCIES = Object.keys(CURRENCY_EXPONENTS) as YooKassaCurrency[];

export function isSupportedCurrency(currency: string): currency is YooKassaCurrency {
  return Object.hasOwn(CURRENCY_EXPONENTS, currency);
}

function exponentOf(currency: string): number {
  if (!isSupportedCurrency(currency)) throw new RangeError(`Currency ${currency} is not supported by YooKassa`);
  return CURRENCY_EXPONENTS[currency];
}

/** 49900 RUB → "499.00": exact digits, no floating point, no thousands separator. */
export function toAmountValue(minor: number, currency: string): string {
  if (!Number.isSafeInteger(minor) || minor < 0) {
    throw new RangeError(`Amount ${minor} is not a non-negative integer number of minor units`);
  }
  const exponent = exponentOf(currency);
  if (exponent === 0) return String(minor);
  const digits = String(minor).padStart(exponent + 1, '0');
  return `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

export function toWireAmount(minor: number, currency: string): WireAmount {
  return { value: toAmountValue(minor, currency), currency };
}

/** "499.00" / "499" / "499.5" RUB → 49900; more decimals than the currency has, or anything else, throws. */
export function fromAmountValue(value: string, currency: string): number {
  const exponent = exponentOf(currency);
  const match = /^(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!match) throw new RangeError(`Amount ${JSON.stringify(value)} is not a decimal number`);
  const whole = match[1] ?? '0';
  const fraction = match[2] ?? '';
  if (fraction.length > exponent && /[^0]/.test(fraction.slice(exponent))) {
    throw new RangeError(`Amount ${value} has more than ${exponent} decimals for ${currency}`);
  }
  const minor = Number(`${whole}${fraction.slice(0, exponent).padEnd(exponent, '0')}`);
  if (!Number.isSafeInteger(minor)) throw new RangeError(`Amount ${value} is too large`);
  return minor;
}

export function fromWireAmount(amount: WireAmount): number {
  return fromAmountValue(amount.value, amount.currency);
}
