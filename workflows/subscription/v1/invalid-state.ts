import { ApplicationFailure } from '@temporalio/workflow';
import type { SubscriptionState } from './types.js';

/** Rejects an update before it enters history; the API maps the type to 409 `invalid_state`. */
export function rejectUnless(condition: boolean, operation: string, s: SubscriptionState, expected: string[]) {
  if (condition) return;
  const current = s.chargeInFlight ? `${s.status} (a charge is being settled)` : s.status;
  throw ApplicationFailure.create({
    type: 'invalid_state',
    message: `Cannot ${operation} while ${current}`,
    details: [{ operation, current: s.status, expected, chargeInFlight: s.chargeInFlight !== null }],
    nonRetryable: true,
  });
}
