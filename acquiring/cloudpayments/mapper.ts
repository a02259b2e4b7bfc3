// Pure translation between CloudPayments' wire values and ours. No I/O here.
import type {
  CheckDecision,
  Decline,
  OperationResult,
  PaymentOutcome,
  PaymentResult,
  PaymentState,
} from '../provider.js';
import { isKnownReasonCode, REASON_CODES } from './reason-codes.js';
import {
  type Envelope,
  refundModelSchema,
  type Transaction,
  type TransactionStatus,
  threeDsSchema,
  transactionSchema,
} from './schemas.js';
import { threeDsChallenge } from './three-ds.js';

/** Currencies CloudPayments accepts, with their ISO 4217 minor-unit exponent. */
export const CURRENCY_EXPONENTS = {
  RUB: 2,
  EUR: 2,
  USD: 2,
  GBP: 2,
  UAH: 2,
  BYR: 0,
  BYN: 2,
  KZT: 2,
  AZN: 2,
  CHF: 2,
  CZK: 2,
  CAD: 2,
  PLN: 2,
  SEK: 2,
  TRY: 2,
  CNY: 2,
  INR: 2,
  BRL: 2,
  ZAR: 2,
  UZS: 2,
  BGN: 2,
  RON: 2,
  AUD: 2,
  HKD: 2,
  GEL: 2,
  KGS: 2,
  AMD: 2,
  AED: 2,
} as const satisfies Record<string, number>;
export type CloudPaymentsCurrency = keyof typeof CURRENCY_EXPONENTS;
export const CLOUDPAYMENTS_CURRENCIES = Object.keys(CURRENCY_EXPONENTS) as CloudPaymentsCurrency[];

export function isSupportedCurrency(currency: string): currency is CloudPaymentsCurrency {
  return Object.hasOwn(CURRENCY_EXPONENTS, currency);
}

function exponentOf(currency: string): number {
  if (!isSupportedCurrency(currency)) throw new RangeError(`Currency ${currency} is not supported by CloudPayments`);
  return CURRENCY_EXPONENTS[currency];
}

/** 29900 RUB → 299 (what CloudPayments' `Amount` carries). */
export function toMajorUnits(minor: number, currency: string): number {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`Amount ${minor} is not an integer number of minor units`);
  const exponent = exponentOf(currency);
  return Number((minor / 10 ** exponent).toFixed(exponent));
}

/** 299.00 (number or string) RUB → 29900. */
export function toMinorUnits(major: number | string, currency: string): number {
  const value = typeof major === 'string' ? Number(major.trim()) : major;
  if (!Number.isFinite(value)) throw new RangeError(`Amount ${String(major)} is not a number`);
  const exponent = exponentOf(currency);
  // Shift the decimal point in the text, not in binary floating point: 1.005 → "1.005e2" → 100.5 → 101.
  const text = String(value);
  const shifted = text.includes('e') ? value * 10 ** exponent : Number(`${text}e${exponent}`);
  return Math.round(shifted);
}

export const STATUS_TABLE: Record<TransactionStatus, { state: PaymentState; outcome: PaymentOutcome }> = {
  AwaitingAuthentication: { state: 'awaiting_authentication', outcome: 'requires_action' },
  Authorized: { state: 'authorized', outcome: 'succeeded' },
  Completed: { state: 'captured', outcome: 'succeeded' },
  // A voided (or expired) hold: the card was authorised once, but no money was taken.
  Cancelled: { state: 'cancelled', outcome: 'voided' },
  Declined: { state: 'declined', outcome: 'declined' },
};

/** Our reply to a Check notification → the `code` CloudPayments expects. */
export const CHECK_REPLY_CODES: Record<CheckDecision, number> = {
  accept: 0,
  unknown_invoice: 10,
  wrong_account: 11,
  wrong_amount: 12,
  not_acceptable: 13,
  expired: 20,
};

export function declineFor(reasonCode: number, reason?: string | null, message?: string | null): Decline {
  const known = isKnownReasonCode(reasonCode) ? REASON_CODES[reasonCode] : undefined;
  return {
    code: String(reasonCode),
    reason: known?.[0] ?? (reason || 'Unknown'),
    // Unlisted codes have no official class; a later retry is allowed, the dunning schedule bounds it.
    class: known?.[1] ?? 'soft',
    message: message ?? undefined,
  };
}

export function rejectedDecline(message: string | null | undefined): Decline {
  return { code: 'request_rejected', reason: message || 'Rejected', class: 'hard', message: message ?? undefined };
}

/** A string field of the `JsonData`/`Data` we sent (e.g. `{"paymentId": …, "refundId": …}`), when present. */
export function jsonDataField(data: unknown, name: 'paymentId' | 'refundId'): string | undefined {
  let value = data;
  if (typeof value === 'string' && value.trim().startsWith('{')) {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  if (!value || typeof value !== 'object' || !(name in value)) return undefined;
  const field = (value as Record<string, unknown>)[name];
  return field === undefined || field === null ? undefined : String(field);
}

/** Our payment id, from the `JsonData`/`Data` we sent (`{"paymentId": …}`), when present. */
export const paymentIdFromData = (data: unknown) => jsonDataField(data, 'paymentId');

export function transactionToResult(tx: Transaction, raw: unknown): PaymentResult {
  const mapped = STATUS_TABLE[tx.Status];
  return {
    outcome: mapped.outcome,
    state: mapped.state,
    providerTransactionId: tx.TransactionId,
    paymentId: paymentIdFromData(tx.JsonData),
    amount: toMinorUnits(tx.Amount, tx.Currency),
    currency: tx.Currency,
    invoiceId: tx.InvoiceId,
    accountId: tx.AccountId,
    token: tx.Token,
    cardLastFour: tx.CardLastFour,
    decline: tx.Status === 'Declined' ? declineFor(tx.ReasonCode ?? 0, tx.Reason, tx.CardHolderMessage) : undefined,
    raw,
  };
}

const badResponse = (raw: unknown, message: string): PaymentResult => ({
  outcome: 'unknown',
  failure: { kind: 'bad_response', message, retryable: true },
  raw,
});

/** The answer of a payment method (charge/auth/post3ds/token) → our result; `returnUrl` is a challenge's TermUrl. */
export function envelopeToPaymentResult(envelope: Envelope, raw: unknown, returnUrl?: string): PaymentResult {
  const challenge = threeDsSchema.safeParse(envelope.Model);
  if (!envelope.Success && challenge.success && !('Status' in (envelope.Model as object))) {
    return {
      outcome: 'requires_action',
      state: 'awaiting_authentication',
      providerTransactionId: challenge.data.TransactionId,
      challenge: threeDsChallenge(challenge.data, returnUrl),
      raw,
    };
  }
  if (envelope.Model !== undefined && envelope.Model !== null) {
    const tx = transactionSchema.safeParse(envelope.Model);
    if (!tx.success) return badResponse(raw, `Unreadable transaction: ${tx.error.message}`);
    return transactionToResult(tx.data, raw);
  }
  if (envelope.Success) return badResponse(raw, 'Success without a transaction');
  return { outcome: 'declined', decline: rejectedDecline(envelope.Message), raw };
}

/** The answer of confirm/void/refund → our result. */
export function envelopeToOperationResult(envelope: Envelope, raw: unknown): OperationResult {
  if (!envelope.Success) return { outcome: 'declined', decline: rejectedDecline(envelope.Message), raw };
  const refund = refundModelSchema.safeParse(envelope.Model);
  return { outcome: 'succeeded', providerTransactionId: refund.success ? refund.data.TransactionId : undefined, raw };
}
