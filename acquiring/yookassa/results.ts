// Pure: a client call's result (answer, refusal or no answer) → our payment, operation and lookup results.
import type { CallFailure, LookupResult, OperationResult, PaymentResult } from '../provider.js';
import type { CallResult } from './client.js';
import { declineOf, paymentToResult, refundToOperation, refusedDecline } from './mapper.js';
import { type Payment, type PaymentStatus, paymentSchema, refundSchema } from './schemas.js';

const unreadable = (message: string): CallFailure => ({ kind: 'bad_response', message, retryable: true });

export function readPayment(body: unknown): { payment: Payment } | { failure: CallFailure } {
  const parsed = paymentSchema.safeParse(body);
  return parsed.success
    ? { payment: parsed.data }
    : { failure: unreadable(`Unreadable payment: ${parsed.error.message}`) };
}

function mapped<T>(map: () => T, orElse: (failure: CallFailure) => T): T {
  try {
    return map();
  } catch (error) {
    return orElse(unreadable(error instanceof Error ? error.message : String(error)));
  }
}

/** The answer of a POST that creates a payment: a refusal (400) is a declined request, nothing was charged. */
export function paymentResultOf(result: CallResult): PaymentResult {
  if (result.kind === 'no_answer') return { outcome: result.outcome, failure: result.failure, raw: result.raw };
  if (result.kind === 'refused') return { outcome: 'declined', decline: refusedDecline(result.error), raw: result.raw };
  const read = readPayment(result.body);
  const unknown = (failure: CallFailure): PaymentResult => ({ outcome: 'unknown', failure, raw: result.raw });
  if ('failure' in read) return unknown(read.failure);
  return mapped(() => paymentToResult(read.payment, result.raw), unknown);
}

/** The answer of a GET of a payment: a 404 means the acquirer does not know it. */
export function lookupResultOf(result: CallResult): LookupResult {
  if (result.kind === 'no_answer') return { status: 'unavailable', failure: result.failure, raw: result.raw };
  if (result.kind === 'refused') return { status: 'not_found', raw: result.raw };
  const read = readPayment(result.body);
  const unavailable = (failure: CallFailure): LookupResult => ({
    status: 'unavailable',
    failure,
    raw: result.raw,
  });
  if ('failure' in read) return unavailable(read.failure);
  return mapped(
    () => ({ status: 'found', payment: paymentToResult(read.payment, result.raw), raw: result.raw }),
    unavailable,
  );
}

/** Capture/cancel: done when the payment reached `target`; a cancelled payment refuses the operation. */
export function operationOnPayment(result: CallResult, target: PaymentStatus): OperationResult {
  if (result.kind === 'no_answer') return { outcome: result.outcome, failure: result.failure, raw: result.raw };
  if (result.kind === 'refused') return { outcome: 'declined', decline: refusedDecline(result.error), raw: result.raw };
  const read = readPayment(result.body);
  if ('failure' in read) return { outcome: 'unknown', failure: read.failure, raw: result.raw };
  const { payment } = read;
  if (payment.status === target) return { outcome: 'succeeded', providerTransactionId: payment.id, raw: result.raw };
  if (payment.status === 'canceled') {
    const reason = payment.cancellation_details?.reason ?? 'canceled';
    const decline = declineOf(payment.cancellation_details) ?? { code: 'request_rejected', reason, class: 'hard' };
    return { outcome: 'declined', decline, raw: result.raw };
  }
  const failure = unreadable(`Payment is ${payment.status}, expected ${target}`);
  return { outcome: 'unknown', failure, raw: result.raw };
}

export function refundResultOf(result: CallResult): OperationResult {
  if (result.kind === 'no_answer') return { outcome: result.outcome, failure: result.failure, raw: result.raw };
  if (result.kind === 'refused') return { outcome: 'declined', decline: refusedDecline(result.error), raw: result.raw };
  const parsed = refundSchema.safeParse(result.body);
  if (!parsed.success) return { outcome: 'unknown', failure: unreadable(parsed.error.message), raw: result.raw };
  const unknown = (failure: CallFailure): OperationResult => ({ outcome: 'unknown', failure, raw: result.raw });
  return mapped(() => refundToOperation(parsed.data, result.raw), unknown);
}
