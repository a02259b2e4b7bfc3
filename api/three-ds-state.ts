// The payer's confirmation step as its owner is shown it, and the state that binds a return to its checkout. The
// return address names our payment and carries an HMAC of the subscription and the payment (runtime/payer-return.ts):
// the worker gave the acquirer the signed address, history keeps it unsigned, and it is signed again here for the
// payer. Checkouts started before then carry the 3-D Secure form by its parts (`threeDs`), with an HMAC of the
// subscription and the MD put in its TermUrl; both kinds of return are taken.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Checkout } from '../domain/subscription/messages.js';
import type { PayerAction } from '../domain/subscription/payer-action.js';
import { type PayerReturns, payerReturns, RETURN_STATE_PARAM } from '../runtime/payer-return.js';

/** The query parameter of the return address that carries the state. */
export const THREE_DS_STATE_PARAM = RETURN_STATE_PARAM;

type ThreeDsForm = NonNullable<Checkout['threeDs']>;
type Presentable = Pick<Checkout, 'action' | 'threeDs'>;

/**
 * The deprecated `threeDs` alias of a payer action that is a 3-D Secure form (POST of PaReq, MD and TermUrl), for
 * clients written before `action`; undefined for any other action.
 */
export function threeDsAlias(action: PayerAction): ThreeDsForm | undefined {
  const { PaReq: paReq, MD: md, TermUrl: termUrl } = action.fields;
  if (action.method !== 'POST' || !paReq || !md || !termUrl) return undefined;
  return { acsUrl: action.url, paReq, md, termUrl };
}

export interface ThreeDsStates {
  returns: PayerReturns;
  /** The checkout as its owner is shown it: its return address signed, `threeDs` beside `action` where it fits. */
  present<C extends Presentable>(checkout: C | undefined, subscriptionId: string): C | undefined;
  /** A checkout of before: whether `state` was issued for this subscription's step `md`. */
  verifyLegacy(subscriptionId: string, md: string, state: string | undefined): boolean;
}

/** States are signed with `secret`; one signed with `previous` (a rotation under way) still verifies. */
export function threeDsStates(publicBaseUrl: string, secret: string, previous?: string): ThreeDsStates {
  const returns = payerReturns(publicBaseUrl, secret, previous);
  // A JSON array, so no subscription id and MD can be spliced into another pair's text.
  const legacySign = (subscriptionId: string, md: string, key = secret) =>
    createHmac('sha256', key)
      .update(JSON.stringify(['3ds', subscriptionId, md]))
      .digest('base64url');
  const keys = previous ? [secret, previous] : [secret];

  function presentAction(action: PayerAction, subscriptionId: string): PayerAction {
    const sign = (value: string) => {
      const paymentId = returns.paymentOf(value);
      return paymentId ? returns.signedUrl(subscriptionId, paymentId) : value;
    };
    const fields = Object.fromEntries(Object.entries(action.fields).map(([k, v]) => [k, sign(v)]));
    return { ...action, url: sign(action.url), fields };
  }

  function presentLegacy(threeDs: ThreeDsForm, subscriptionId: string): ThreeDsForm {
    const termUrl = new URL(threeDs.termUrl);
    termUrl.searchParams.set(THREE_DS_STATE_PARAM, legacySign(subscriptionId, threeDs.md));
    return { ...threeDs, termUrl: termUrl.toString() };
  }

  return {
    returns,
    present(checkout, subscriptionId) {
      if (checkout?.action) {
        const action = presentAction(checkout.action, subscriptionId);
        return { ...checkout, action, threeDs: threeDsAlias(action) };
      }
      if (checkout?.threeDs) {
        const threeDs = presentLegacy(checkout.threeDs, subscriptionId);
        const fields = { PaReq: threeDs.paReq, MD: threeDs.md, TermUrl: threeDs.termUrl };
        return { ...checkout, threeDs, action: { method: 'POST' as const, url: threeDs.acsUrl, fields } };
      }
      return checkout;
    },
    verifyLegacy(subscriptionId, md, state) {
      const given = Buffer.from(state ?? '');
      return keys.some((key) => {
        const expected = Buffer.from(legacySign(subscriptionId, md, key));
        // The length of a state is public (43 characters); only its content must not leak through timing.
        return given.length === expected.length && timingSafeEqual(given, expected);
      });
    },
  };
}
