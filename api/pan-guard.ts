import type { MiddlewareHandler } from 'hono';
import { containsCardNumber, isCardNumber } from '../domain/card-number.js';
import { AppError } from '../domain/errors.js';
import { type Leaf, requestLeaves } from './request-leaves.js';

/**
 * Fields that carry card data encrypted on the payer's device. Their clear prefix (first six, last four, expiry)
 * forms a long digit run by design, so only a value that is itself a card number is refused there.
 */
const ENCRYPTED_CARD_FIELDS = new Set(['cryptogram', 'cardcryptogrampacket']);

/**
 * Fields that name an identifier: the acquirer's transaction ids (the 3-D Secure `MD`, a notification's
 * `TransactionId`) are 13-digit numbers today and pass the Luhn check one time in ten, and user ids may be long
 * numbers too, and so may an old billing's ids (`externalId` of an import), and the payments list's
 * `providerTransactionId` filter. A value there is an id, never a card.
 */
const IDENTIFIER_FIELDS = new Set([
  'md',
  'transactionid',
  'paymenttransactionid',
  'providertransactionid',
  'accountid',
  'userid',
  'externalid',
  // The operators' console's search box: it takes only ids (an acquirer transaction id among them), and is never stored or logged.
  'identifier',
]);

export class PanNotAcceptedError extends AppError {
  constructor(paths: string[]) {
    super(
      'pan_not_accepted',
      'Card numbers are never accepted: pay on the payment page or send a cryptogram',
      400,
      // Where, never what: the value itself is not echoed.
      { fields: paths.map((path) => ({ path, message: 'looks like a card number' })) },
    );
  }
}

function offends({ key, text }: Leaf): boolean {
  const field = key.toLowerCase();
  if (IDENTIFIER_FIELDS.has(field)) return false;
  return ENCRYPTED_CARD_FIELDS.has(field) ? isCardNumber(text) : containsCardNumber(text);
}

/** Refuses (400 `pan_not_accepted`) a request whose URL or body holds something that looks like a card number. */
export function rejectCardNumbers(): MiddlewareHandler {
  return async (c, next) => {
    const paths = [...new Set((await requestLeaves(c)).filter(offends).map((l) => l.path))];
    if (paths.length > 0) throw new PanNotAcceptedError(paths);
    await next();
  };
}
