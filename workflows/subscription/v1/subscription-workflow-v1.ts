// One workflow per subscription (`subscription-<id>`), from checkout to its end, for years: one run per period,
// continued-as-new once every handler has finished. Decisions and time only; every effect is an activity.
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { SubscriptionStatus } from '../../../db/schema/statuses.js';
import {
  billingNextChargeAt,
  billingPlanId,
  billingStatus,
  billingSubscriptionId,
  billingUserId,
} from '../../search-attributes.js';
import {
  completeAuthenticationUpdate,
  openCheckoutUpdate,
  paymentResultSignal,
  subscriptionStateQuery,
} from '../messages.js';
import { acquirer, records } from './activity-proxies.js';
import { type CardCheckContext, watchCardChecks } from './card-check.js';
import type { ChargeAnswer } from './charge-answer.js';
import { runCheckout } from './checkout-phase.js';
import { registerNewCard } from './new-card.js';
import { registerRefundHandling } from './refunds.js';
import { runPeriod } from './renewal-phase.js';
import { isLive } from './state.js';
import type { AuditNote, Checkout, PaymentOutcomeFact, SubscriptionWorkflowInput } from './types.js';
import { registerUserActions } from './user-actions.js';

export async function subscriptionWorkflowV1(input: SubscriptionWorkflowInput): Promise<SubscriptionStatus> {
  const s = input.state;
  const facts: PaymentOutcomeFact[] = [];
  let checkout: Checkout | undefined;
  let authAnswer: ChargeAnswer | undefined;
  let endedNow = false;
  let transition = input.transition;

  let retryRequested = false;
  const sync = async (
    events: string[],
    invoice?: { id: string; status: 'paid' | 'void' | 'uncollectible' },
    audit?: AuditNote,
  ) => {
    transition += 1;
    upsertSearchAttributes([
      { key: billingStatus, value: s.status },
      { key: billingPlanId, value: s.plan.id },
      { key: billingNextChargeAt, value: s.nextChargeAt ? new Date(s.nextChargeAt) : null },
    ]);
    await records.syncSubscription({ state: s, transition, events, invoice, audit });
  };

  setHandler(subscriptionStateQuery, () => s);
  setHandler(paymentResultSignal, async (fact) => {
    facts.push(fact);
  });
  setHandler(openCheckoutUpdate, async () => {
    await condition(() => checkout !== undefined);
    return checkout as Checkout;
  });
  setHandler(
    completeAuthenticationUpdate,
    async (payerReturn) => {
      const answer = await acquirer.completeAuthentication({
        subscriptionId: s.subscriptionId,
        invoiceId: checkout?.invoiceId ?? '',
        ...payerReturn,
      });
      authAnswer = answer;
      checkout = {
        ...(checkout as Checkout),
        status: answer.outcome === 'succeeded' ? 'succeeded' : 'declined',
        action: undefined,
        threeDs: undefined,
        declineReason: answer.declineReason,
      };
      return checkout;
    },
    { validator: (_input) => assertAwaitingAuthentication(checkout) },
  );
  const cardChecks: CardCheckContext = { s, facts, ttlMs: input.checkoutTtlMs, sync };
  registerNewCard(cardChecks);
  void watchCardChecks(cardChecks);
  registerRefundHandling({
    s,
    sync,
    endNow: () => {
      endedNow = true;
    },
  });
  registerUserActions({
    s,
    sync,
    endNow: () => {
      endedNow = true;
    },
    requestRetry: () => {
      retryRequested = true;
    },
  });

  if (workflowInfo().continuedFromExecutionRunId === undefined && input.checkout) {
    upsertSearchAttributes([
      { key: billingUserId, value: s.userId },
      { key: billingSubscriptionId, value: s.subscriptionId },
    ]);
    await records.createSubscriptionRecord({ state: s, returnUrl: input.checkout.returnUrl });
    await runCheckout({
      s,
      request: input.checkout,
      ttlMs: input.checkoutTtlMs,
      termUrl: input.termUrl,
      facts,
      publish: (c) => {
        checkout = c;
      },
      authentication: async (deadline) => {
        await condition(() => authAnswer !== undefined, Math.max(deadline - Date.now(), 0));
        return authAnswer;
      },
      sync,
    });
  }

  while (isLive(s)) {
    await runPeriod({
      s,
      facts,
      sync,
      ended: () => endedNow,
      takeRetryRequest: () => {
        const requested = retryRequested;
        retryRequested = false;
        return requested;
      },
      retryRequested: () => retryRequested,
    });
    if (!isLive(s)) break;
    // A new period is paid: start a fresh run so history stays small, carrying all pending intent in the state.
    await condition(() => allHandlersFinished() && !cardChecks.busy);
    return continueAsNew<typeof subscriptionWorkflowV1>({ ...input, state: s, checkout: undefined, transition });
  }
  // An open card check is settled (hold voided or link cancelled) before the workflow ends.
  await condition(() => !s.cardCheck && allHandlersFinished());
  return s.status;
}

function assertAwaitingAuthentication(checkout: Checkout | undefined) {
  if (checkout?.status !== 'requires_action') {
    throw new Error(`invalid_state: no 3-D Secure step is pending (checkout is ${checkout?.status ?? 'not open'})`);
  }
}
