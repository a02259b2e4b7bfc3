// The 3-D Secure return is posted by the payer's browser with the acquirer's transaction id (MD), which anyone can
// guess. What proves that a return belongs to its checkout is a state only its owner was given: an HMAC of the
// subscription and the MD, put in the TermUrl of the checkout's answer. It is derived, never stored, so the
// workflow's input and history keep the plain TermUrl.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The query parameter of the TermUrl that carries the state. */
export const THREE_DS_STATE_PARAM = 'state';

interface ThreeDsChallenge {
  md: string;
  termUrl: string;
}

export interface ThreeDsStates {
  /** The checkout as its owner is shown it: a 3-D Secure step's TermUrl carries the state that binds it. */
  present<C extends { threeDs?: ThreeDsChallenge | undefined }>(
    checkout: C | undefined,
    subscriptionId: string,
  ): C | undefined;
  /** Whether `state` was issued for this subscription's step `md`; compared in constant time. */
  verify(subscriptionId: string, md: string, state: string | undefined): boolean;
}

/** States are signed with `secret`; one signed with `previous` (a rotation under way) still verifies. */
export function threeDsStates(secret: string, previous?: string): ThreeDsStates {
  // A JSON array, so no subscription id and MD can be spliced into another pair's text.
  const sign = (subscriptionId: string, md: string, key = secret) =>
    createHmac('sha256', key)
      .update(JSON.stringify(['3ds', subscriptionId, md]))
      .digest('base64url');

  const keys = previous ? [secret, previous] : [secret];
  return {
    present(checkout, subscriptionId) {
      if (!checkout?.threeDs) return checkout;
      const termUrl = new URL(checkout.threeDs.termUrl);
      termUrl.searchParams.set(THREE_DS_STATE_PARAM, sign(subscriptionId, checkout.threeDs.md));
      return { ...checkout, threeDs: { ...checkout.threeDs, termUrl: termUrl.toString() } };
    },
    verify(subscriptionId, md, state) {
      const given = Buffer.from(state ?? '');
      return keys.some((key) => {
        const expected = Buffer.from(sign(subscriptionId, md, key));
        // The length of a state is public (43 characters); only its content must not leak through timing.
        return given.length === expected.length && timingSafeEqual(given, expected);
      });
    },
  };
}
