// An operator's "retry now" for a past_due subscription: the waiting dunning loop retries at once with the saved
// card; the update answers once that attempt has an outcome.
import { condition, setHandler } from '@temporalio/workflow';
import { retryChargeNowUpdate } from '../messages.js';
import { rejectUnless } from './invalid-state.js';
import type { AuditNote, SubscriptionState } from './types.js';

export function registerRetryNow(
  s: SubscriptionState,
  requestRetry: () => void,
  sync: (events: string[], invoice: undefined, audit: AuditNote) => Promise<void>,
) {
  setHandler(
    retryChargeNowUpdate,
    async ({ actor, reason }) => {
      const attemptsBefore = s.dunning?.attempts ?? 0;
      requestRetry();
      await condition(
        () => s.status !== 'past_due' || ((s.dunning?.attempts ?? 0) > attemptsBefore && !s.chargeInFlight),
      );
      // Persist the outcome (and who asked) before answering, so the API reads it back.
      await sync([], undefined, { actor, reason: `retry now: ${reason}` });
      return s;
    },
    {
      validator: (_input) =>
        rejectUnless(
          s.status === 'past_due' && s.dunning !== null && !s.chargeInFlight && !s.dunning.newCard,
          'retry the charge now',
          s,
          ['past_due (no charge being settled, no new-card checkout open)'],
        ),
    },
  );
}
