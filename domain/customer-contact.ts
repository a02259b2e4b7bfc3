// Where a subscription's fiscal receipts go: an e-mail and/or a phone, from the checkout or the user's token.
import { z } from 'zod';
import { containsCardNumber } from './card-number.js';
import { AppError } from './errors.js';
import type { CustomerContact } from './receipts.js';

/** E.164: a country code and up to 15 digits in all, the plus optional; kept as digits only (79001234567). */
export const E164_PHONE = /^\+?[1-9]\d{7,14}$/;
export const EMAIL = z.email().max(254);

export const phoneDigits = (phone: string) => phone.replace(/^\+/, '');

/** A Russian online cinema cannot take a payment it cannot send a receipt for (54-FZ). */
export class CustomerContactRequiredError extends AppError {
  constructor() {
    super(
      'customer_contact_required',
      'A receipt e-mail or phone is needed: send `customer.email` or `customer.phone`, or a token with an `email` or `phone_number` claim',
      422,
      { fields: [{ path: 'customer', message: 'an e-mail or a phone is required for the fiscal receipt' }] },
    );
  }
}

/**
 * The receipt goes to the acquirer and comes back in each of its notifications, where a run of digits that passes the
 * Luhn check is refused as a card number: such a contact is not used (in a request body the API refuses it anyway).
 */
const usable = (value: string) => !containsCardNumber(value);

/** The token's `email` and `phone_number` claims, each only when well-formed (a phone's spaces and dashes dropped). */
export function contactFromClaims(claims: Record<string, unknown>): CustomerContact {
  const email =
    typeof claims.email === 'string' && EMAIL.safeParse(claims.email).success && usable(claims.email)
      ? claims.email
      : undefined;
  const rawPhone = typeof claims.phone_number === 'string' ? claims.phone_number.replace(/[\s()-]/g, '') : '';
  const phone = E164_PHONE.test(rawPhone) && usable(rawPhone) ? phoneDigits(rawPhone) : undefined;
  return { ...(email ? { email } : {}), ...(phone ? { phone } : {}) };
}

/** The checkout's own contact when it gives one, else the token's; neither → 422 `customer_contact_required`. */
export function checkoutContact(given: CustomerContact | undefined, fromToken: CustomerContact): CustomerContact {
  const chosen = given?.email || given?.phone ? given : fromToken;
  if (!chosen.email && !chosen.phone) throw new CustomerContactRequiredError();
  return {
    ...(chosen.email ? { email: chosen.email } : {}),
    ...(chosen.phone ? { phone: phoneDigits(chosen.phone) } : {}),
  };
}
