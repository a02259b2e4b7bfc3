// 3-D Secure the CloudPayments way, as an opaque continuation: the challenge is a form of PaReq, MD and TermUrl
// POSTed to the ACS, and what the ACS posts back to TermUrl (PaRes, MD) is the continuation /post3ds takes.
import type { AuthenticationChallenge, CompleteAuthenticationInput } from '../provider.js';
import type { ThreeDsModel } from './schemas.js';

/** The payer's browser POSTs these fields to the ACS; `MD` is the transaction, `TermUrl` our return address. */
export function threeDsChallenge(model: ThreeDsModel, returnUrl: string | undefined): AuthenticationChallenge {
  const fields: Record<string, string> = { PaReq: model.PaReq, MD: model.TransactionId };
  if (returnUrl !== undefined) fields.TermUrl = returnUrl;
  return { method: 'POST', url: model.AcsUrl, fields };
}

/**
 * Why a continuation cannot complete this transaction, if it cannot: no PaRes, or an MD naming another transaction
 * (a return posted for one payment must not complete another).
 */
export function continuationProblem(input: CompleteAuthenticationInput): string | undefined {
  const { PaRes, MD } = input.continuation;
  if (!PaRes) return 'The 3-D Secure return carries no PaRes';
  if (MD !== undefined && MD !== input.providerTransactionId) {
    return `The 3-D Secure return is for transaction ${MD}, not ${input.providerTransactionId}`;
  }
  return undefined;
}
