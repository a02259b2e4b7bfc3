// The subscription's one decision loop: take the next request (in order), else the next action its state calls for;
// persist each decision before answering anybody; perform one step at a time. Nothing else changes the state.
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  makeContinueAsNewFunc,
  patched,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Decision, Persist } from '../../domain/subscription/decision.js';
import { initialInvoiceId } from '../../domain/subscription/ids.js';
import type { Checkout } from '../../domain/subscription/messages.js';
import type { SubscriptionState } from '../../domain/subscription/state.js';
import { type TurnIO, takeTurn } from '../../domain/subscription/turn.js';
import { billingNextChargeAt, billingPlanId, billingStatus } from '../search-attributes.js';
import { localRecords, records } from './activity-proxies.js';
import { registerHandlers } from './handlers.js';
import type { SubscriptionWorkflowInput } from './input.js';
import { Mailbox } from './mailbox.js';
import { performStep } from './perform-step.js';
import { rowState } from './row-state.js';
import { LEAN_PERSIST } from './versions.js';

export interface SubscriptionRun {
  readonly state: SubscriptionState;
  /** Serves requests and does what the state calls for while `keepGoing` holds. */
  runWhile(keepGoing: (s: SubscriptionState) => boolean): Promise<void>;
  /** Nothing queued, nobody waiting for an answer: the run may end or continue-as-new. */
  quiet(): boolean;
  /** Search attributes as the state is now (before the run ends; continue-as-new carries them itself). */
  publishSearch(): void;
  continueAsNew(): Promise<never>;
}

export function startRun(input: SubscriptionWorkflowInput, initial: SubscriptionState): SubscriptionRun {
  let s = initial;
  let transition = input.transition;
  let published: Checkout | undefined = s.checkout?.view ?? endedCheckout(s);
  let searchable = searchKey(s);
  const mailbox = new Mailbox();
  registerHandlers({ state: () => s, mailbox, publishedCheckout: () => published });

  const lean = input.leanPersist === true || patched(LEAN_PERSIST);

  function publishSearch() {
    if (searchKey(s) === searchable) return;
    searchable = searchKey(s);
    upsertSearchAttributes(searchPairs(s));
  }

  async function persist(p: Persist) {
    transition += 1;
    const sync = { state: rowState(s), transition, ...p };
    if (lean) return localRecords.syncSubscription(sync);
    publishSearch();
    await records.syncSubscription(sync);
  }

  async function apply(decision: Decision) {
    s = decision.state;
    if (decision.persist) await persist(decision.persist);
    published = s.checkout?.view ?? published;
    mailbox.deliver(decision.replies);
  }

  const io: TurnIO = {
    take: () => mailbox.take(),
    started: (next) => {
      s = next;
      if (lean) publishSearch();
    },
    perform: performStep,
    context: () => ({ now: Date.now(), checkoutTtlMs: input.checkoutTtlMs, legacyReturnUrl: input.termUrl }),
  };

  const quiet = () => mailbox.isEmpty && allHandlersFinished();

  return {
    get state() {
      return s;
    },
    quiet,
    publishSearch,
    async runWhile(keepGoing) {
      while (keepGoing(s)) {
        const turn = await takeTurn(s, io);
        if (turn.kind === 'decided') {
          await apply(turn.decision);
          continue;
        }
        if (lean) publishSearch();
        const timeout = turn.until === null ? undefined : Math.max(turn.until - Date.now(), 1);
        await condition(() => !mailbox.isEmpty || !keepGoing(s), timeout);
      }
    },
    async continueAsNew() {
      const next: SubscriptionWorkflowInput = {
        ...input,
        state: s,
        checkout: undefined,
        transition,
        workflowRelease: 2,
      };
      if (!lean) return continueAsNew<(i: SubscriptionWorkflowInput) => Promise<unknown>>(next);
      // The next run starts with the search attributes of this state: no upsert of its own.
      const typedSearchAttributes = workflowInfo().typedSearchAttributes.updateCopy(searchPairs(s));
      return makeContinueAsNewFunc<(i: SubscriptionWorkflowInput) => Promise<unknown>>({ typedSearchAttributes })({
        ...next,
        leanPersist: true,
      });
    },
  };
}

/** A run handed over after its checkout (by the first release) still answers a retried subscribe call. */
function endedCheckout(s: SubscriptionState): Checkout | undefined {
  if (s.status === 'pending_payment') return undefined;
  const status = s.status === 'expired' ? 'declined' : 'succeeded';
  return {
    invoiceId: initialInvoiceId(s.subscriptionId),
    status,
    expiresAt: s.currentPeriodStart ?? s.canceledAt ?? '',
  };
}

const searchPairs = (s: SubscriptionState) => [
  { key: billingStatus, value: s.status },
  { key: billingPlanId, value: s.plan.id },
  { key: billingNextChargeAt, value: s.nextChargeAt ? new Date(s.nextChargeAt) : null },
];

const searchKey = (s: SubscriptionState) => `${s.status}|${s.plan.id}|${s.nextChargeAt ?? ''}`;

export const continueAsNewSuggested = () => workflowInfo().continueAsNewSuggested;
