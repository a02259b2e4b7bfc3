// A card as the payer enters it (hosted page) or a test gives it (payment-token control): checked, then kept.
import type { Card } from './store.js';
import { luhnValid, testCardOf } from './test-cards.js';

export interface CardInput {
  cardNumber: string;
  expMonth: string | number;
  expYear: string | number;
  cvv: string;
}

export function readCard(input: CardInput, now = new Date()): Card | { errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const number = input.cardNumber.replace(/[\s-]/g, '');
  if (!luhnValid(number)) errors.cardNumber = 'Invalid card number';
  const month = Number(input.expMonth);
  let year = Number(input.expYear);
  if (year < 100) year += 2000;
  if (!Number.isInteger(month) || month < 1 || month > 12) errors.expMonth = 'Invalid expiry month';
  else if (!Number.isInteger(year) || Date.UTC(year, month) <= now.getTime()) errors.expYear = 'Card has expired';
  if (!/^\d{3,4}$/.test(input.cvv)) errors.cvv = 'Invalid CVC';
  if (Object.keys(errors).length > 0) return { errors };
  return {
    number,
    expiryMonth: String(month).padStart(2, '0'),
    expiryYear: String(year),
    brand: testCardOf(number).brand,
  };
}
