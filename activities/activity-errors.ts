import { ApplicationFailure } from '@temporalio/activity';
import type { CallFailure } from '../acquiring/provider.js';

// Explicit failure `type`s the workflows and the API rely on; never class names.
export const FAILURE_TYPES = {
  acquirerUnavailable: 'acquirer_unavailable',
  subscriptionExists: 'subscription_exists',
  paymentLinkRefused: 'payment_link_refused',
  eventDeliveryFailed: 'event_delivery_failed',
  eventNotFound: 'event_not_found',
  acquirerNotConfigured: 'acquirer_not_configured',
} as const;

/** An outage or a lost answer: retried by Temporal with backoff; it never counts as a decline. */
export function acquirerUnavailable(operation: string, failure?: CallFailure): ApplicationFailure {
  return ApplicationFailure.retryable(
    `${operation}: the acquirer gave no usable answer (${failure?.kind ?? 'unknown'}: ${failure?.message ?? 'no detail'})`,
    FAILURE_TYPES.acquirerUnavailable,
    { operation, kind: failure?.kind, httpStatus: failure?.httpStatus },
  );
}

/** Postgres unique violation on the named constraint, through drizzle's error wrapping. */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  let e: unknown = error;
  while (e && typeof e === 'object') {
    const c = e as { code?: string; constraint_name?: string; constraint?: string; cause?: unknown };
    if (c.code === '23505' && (c.constraint_name ?? c.constraint) === constraint) return true;
    e = c.cause;
  }
  return false;
}
