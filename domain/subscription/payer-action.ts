// The payer's confirmation step (3-D Secure, an acquirer's confirmation page) as billing keeps it: opaque. Where the
// browser goes comes from the acquirer as given; what comes back to our return address goes back to it untouched.

/** Where to send the payer's browser: GET a URL (fields as query), or POST a form of `fields` to it. */
export interface PayerAction {
  method: 'GET' | 'POST';
  url: string;
  fields: Record<string, string>;
}

/** Activity results recorded before the challenge was opaque carry the ACS form's parts by name. */
export interface LegacyChallenge {
  acsUrl: string;
  paReq: string;
  md: string;
}

/** The payer's action; an old result's form gets the return address the workflow was started with. */
export function payerActionOf(challenge: PayerAction | LegacyChallenge, legacyReturnUrl: string): PayerAction {
  if ('method' in challenge) return challenge;
  return {
    method: 'POST',
    url: challenge.acsUrl,
    fields: { PaReq: challenge.paReq, MD: challenge.md, TermUrl: legacyReturnUrl },
  };
}

/** What came back to our return address for one payment. */
export interface PayerReturn {
  providerTransactionId: string;
  /** Every field that came back (form and query), untouched. */
  continuation?: Record<string, string> | undefined;
  /** Histories recorded before the continuation was opaque carry the ACS's answer alone. */
  paRes?: string | undefined;
}

/** A payment link as the link activity answers; results recorded before `linkId` named it `orderId`. */
export interface CreatedLink {
  url: string;
  linkId?: string | undefined;
  orderId?: string | undefined;
}

export const linkIdOf = (link: CreatedLink): string => link.linkId ?? link.orderId ?? '';
