import type { CheckoutRequest } from '../../domain/subscription/messages.js';
import type { StoredState } from '../../domain/subscription/restore.js';

export interface SubscriptionWorkflowInput {
  /** This release's state, or the first release's (handed over by a run it continued-as-new); see restore.ts. */
  state: StoredState;
  /** Only in the first run: how the user wants to pay. */
  checkout?: CheckoutRequest | undefined;
  checkoutTtlMs: number;
  /** Our return address without a payment (the TermUrl of before): it completes answers recorded before steps were opaque. */
  termUrl: string;
  /** Transitions persisted so far; numbers outbox events stably across retries and runs. */
  transition: number;
  /** Set by a run of release 2 when it continues-as-new: the next run is release 2 without asking the patch again. */
  workflowRelease?: 2 | undefined;
  /** Set by a run that persisted by local activities (LEAN_PERSIST) when it continues-as-new: the next one does too. */
  leanPersist?: boolean | undefined;
}
