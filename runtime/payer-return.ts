// The address a payer's browser comes back to after confirming a payment (3-D Secure TermUrl, a hosted page's
// return_url). It is built before the charge (the acquirer takes it with the charge) and names our payment; what binds
// a return to its checkout is a state only the checkout's owner is given: an HMAC of the subscription and the payment.
// The worker signs the address it gives the acquirer; history keeps it unsigned; the API signs what it shows the payer
// and checks the state of what comes back.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const PAYER_RETURN_PATH = '/v1/payments/3ds/callback';
/** Query parameters of ours on the return address; everything else that comes back is the acquirer's. */
export const RETURN_PAYMENT_PARAM = 'payment';
export const RETURN_STATE_PARAM = 'state';

export interface PayerReturns {
  /** The return address of one payment, unsigned (as history keeps it). */
  plainUrl(paymentId: string): string;
  /** The same address with its state, for the acquirer and the payer. */
  signedUrl(subscriptionId: string, paymentId: string): string;
  /** The payment an unsigned return address of ours names, if `value` is one. */
  paymentOf(value: string): string | undefined;
  /** Whether `state` was issued for this subscription's payment; compared in constant time. */
  verify(subscriptionId: string, paymentId: string, state: string | undefined): boolean;
}

/** States are signed with `secret`; one signed with `previous` (a rotation under way) still verifies. */
export function payerReturns(publicBaseUrl: string, secret: string, previous?: string): PayerReturns {
  // A JSON array, so no subscription id and payment id can be spliced into another pair's text.
  const sign = (subscriptionId: string, paymentId: string, key = secret) =>
    createHmac('sha256', key)
      .update(JSON.stringify(['payer-return', subscriptionId, paymentId]))
      .digest('base64url');
  const base = new URL(PAYER_RETURN_PATH, publicBaseUrl.endsWith('/') ? publicBaseUrl : `${publicBaseUrl}/`);
  const plainUrl = (paymentId: string) => {
    const url = new URL(base);
    url.searchParams.set(RETURN_PAYMENT_PARAM, paymentId);
    return url.toString();
  };
  const keys = previous ? [secret, previous] : [secret];
  return {
    plainUrl,
    signedUrl(subscriptionId, paymentId) {
      const url = new URL(plainUrl(paymentId));
      url.searchParams.set(RETURN_STATE_PARAM, sign(subscriptionId, paymentId));
      return url.toString();
    },
    paymentOf(value) {
      if (!value.startsWith(base.toString())) return undefined;
      const url = new URL(value);
      if (url.pathname !== base.pathname || url.searchParams.has(RETURN_STATE_PARAM)) return undefined;
      return url.searchParams.get(RETURN_PAYMENT_PARAM) ?? undefined;
    },
    verify(subscriptionId, paymentId, state) {
      const given = Buffer.from(state ?? '');
      return keys.some((key) => {
        const expected = Buffer.from(sign(subscriptionId, paymentId, key));
        // The length of a state is public (43 characters); only its content must not leak through timing.
        return given.length === expected.length && timingSafeEqual(given, expected);
      });
    },
  };
}
