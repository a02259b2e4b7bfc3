// YooKassa amounts are `{value: "499.00", currency: "RUB"}`; inside the sandbox they are integer minor units.
import { invalid } from './errors.js';

export interface Money {
  minor: number;
  currency: string;
}

export interface WireAmount {
  value: string;
  currency: string;
}

const VALUE = /^\d{1,9}(\.\d{1,2})?$/;

export function parseAmount(input: unknown, parameter: string): Money {
  const amount = input as Partial<Record<'value' | 'currency', unknown>> | null | undefined;
  if (!amount || typeof amount !== 'object') throw invalid(`Parameter ${parameter} is required`, parameter);
  const value = typeof amount.value === 'number' ? amount.value.toFixed(2) : amount.value;
  if (typeof value !== 'string' || !VALUE.test(value)) throw invalid('Invalid amount value', `${parameter}.value`);
  const [whole = '0', fraction = ''] = value.split('.');
  const minor = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  if (minor <= 0) throw invalid('Amount must be greater than zero', `${parameter}.value`);
  if (typeof amount.currency !== 'string' || !/^[A-Z]{3}$/.test(amount.currency)) {
    throw invalid('Invalid currency', `${parameter}.currency`);
  }
  return { minor, currency: amount.currency };
}

export const wireAmount = (money: Money): WireAmount => ({
  value: `${Math.trunc(money.minor / 100)}.${String(money.minor % 100).padStart(2, '0')}`,
  currency: money.currency,
});
