// How the memory acquirer's records and injected faults become normalised provider results.

import { threeDsChallenge } from '../cloudpayments/three-ds.js';
import type { CallFailure, OperationResult, PaymentOutcome, PaymentResult, PaymentState } from '../provider.js';
import type { MemoryTransaction, Refusal } from './acquirer.js';

/** `timeout`: processed, answer lost. `server_error`: answer lost, not processed. `rate_limited`/`network`: not sent. */
export type MemoryFault = 'timeout' | 'server_error' | 'rate_limited' | 'network';

export const FAILURES: Record<
  MemoryFault,
  { outcome: 'not_sent' | 'unknown'; failure: CallFailure; processed: boolean }
> = {
  timeout: {
    outcome: 'unknown',
    processed: true,
    failure: { kind: 'timeout', message: 'No answer in time', retryable: true },
  },
  server_error: {
    outcome: 'unknown',
    processed: false,
    failure: { kind: 'server_error', message: 'HTTP 500', httpStatus: 500, retryable: true },
  },
  rate_limited: {
    outcome: 'not_sent',
    processed: false,
    failure: { kind: 'rate_limited', message: 'HTTP 429', httpStatus: 429, retryable: true },
  },
  network: {
    outcome: 'not_sent',
    processed: false,
    failure: { kind: 'network', message: 'ECONNREFUSED', retryable: true },
  },
};

/** As CloudPayments' status table (cloudpayments/mapper.ts): a cancelled hold is `voided`, not a payment. */
const OUTCOMES: Record<PaymentState, PaymentOutcome> = {
  awaiting_authentication: 'requires_action',
  authorized: 'succeeded',
  captured: 'succeeded',
  cancelled: 'voided',
  declined: 'declined',
};

export const snapshot = (tx: MemoryTransaction) => structuredClone(tx);

/** `returnUrl`: the TermUrl a 3-D Secure challenge names (as CloudPayments' form carries it). */
export function paymentResult(tx: MemoryTransaction | Refusal, returnUrl?: string): PaymentResult {
  if ('refused' in tx) return { outcome: 'declined', decline: tx.refused, raw: tx };
  const outcome = OUTCOMES[tx.state];
  return {
    outcome,
    state: tx.state,
    providerTransactionId: tx.id,
    paymentId: tx.paymentId,
    amount: tx.amount,
    currency: tx.currency,
    invoiceId: tx.invoiceId,
    accountId: tx.accountId,
    token: tx.token,
    cardLastFour: tx.lastFour,
    decline: tx.decline,
    challenge:
      outcome === 'requires_action'
        ? threeDsChallenge({ AcsUrl: 'memory://acs', PaReq: `pareq:${tx.id}`, TransactionId: tx.id }, returnUrl)
        : undefined,
    raw: snapshot(tx),
  };
}

export function operationResult(tx: MemoryTransaction | Refusal, returnsId: boolean): OperationResult {
  if ('refused' in tx) return { outcome: 'declined', decline: tx.refused, raw: tx };
  return { outcome: 'succeeded', providerTransactionId: returnsId ? tx.id : undefined, raw: snapshot(tx) };
}
