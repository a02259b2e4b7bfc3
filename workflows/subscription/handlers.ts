// Every message the subscription accepts: validators refuse what the current state does not allow (nothing invalid
// enters history, the API answers 409 at once); accepted requests are queued and answered by the workflow's loop.
import { ApplicationFailure, condition, setHandler } from '@temporalio/workflow';
import { type Command, refusalOf } from '../../domain/subscription/commands.js';
import type { ReplyResult } from '../../domain/subscription/decision.js';
import type { Checkout } from '../../domain/subscription/messages.js';
import type { SubscriptionState } from '../../domain/subscription/state.js';
import type { Mailbox } from './mailbox.js';
import {
  cancelSubscriptionUpdate,
  changePlanUpdate,
  completeAuthenticationUpdate,
  newPaymentMethodUpdate,
  openCheckoutUpdate,
  paymentRefundedSignal,
  paymentResultSignal,
  resumeSubscriptionUpdate,
  retryChargeNowUpdate,
  subscriptionStateQuery,
} from './messages.js';

export interface HandlerContext {
  state(): SubscriptionState;
  mailbox: Mailbox;
  /** The checkout as last persisted; what the subscribe call answers. */
  publishedCheckout(): Checkout | undefined;
}

export function registerHandlers({ state, mailbox, publishedCheckout }: HandlerContext) {
  const validate = (command: Command) => {
    const refusal = refusalOf(state(), command);
    if (refusal) throw failure(refusal.type, refusal.message, refusal.details);
  };
  const ask = async (command: Command) => settle(await mailbox.answerTo(mailbox.post(command)));
  const askForState = async (command: Command) => {
    await ask(command);
    return state();
  };

  setHandler(subscriptionStateQuery, () => state());
  setHandler(paymentResultSignal, (fact) => {
    mailbox.post({ kind: 'payment_fact', fact });
  });
  setHandler(paymentRefundedSignal, ({ invoiceId, refundId }) => {
    mailbox.post({ kind: 'payment_refunded', invoiceId, refundId });
  });
  setHandler(openCheckoutUpdate, async () => {
    await condition(() => publishedCheckout() !== undefined || state().checkout?.failure !== undefined);
    const refused = state().checkout?.failure;
    if (refused) throw failure(refused.type, refused.message, {});
    return publishedCheckout() as Checkout;
  });

  const update = <A extends object>(kind: Command['kind'], args: A) => ({ kind, ...args }) as unknown as Command;
  setHandler(
    completeAuthenticationUpdate,
    async (args) => checkoutOf(await ask(update('complete_authentication', args))),
    {
      validator: (args) => validate(update('complete_authentication', args)),
    },
  );
  setHandler(cancelSubscriptionUpdate, (args) => askForState(update('cancel', args)), {
    validator: (args) => validate(update('cancel', args)),
  });
  setHandler(resumeSubscriptionUpdate, (args) => askForState(update('resume', args)), {
    validator: (args) => validate(update('resume', args)),
  });
  setHandler(retryChargeNowUpdate, (args) => askForState(update('retry_now', args)), {
    validator: (args) => validate(update('retry_now', args)),
  });
  setHandler(newPaymentMethodUpdate, async (args) => checkoutOf(await ask(update('new_card', args))), {
    validator: (args) => validate(update('new_card', args)),
  });
  setHandler(
    changePlanUpdate,
    async (args) => {
      const result = await ask(update('change_plan', args));
      const prorationInvoiceId = result.kind === 'plan_changed' ? result.prorationInvoiceId : null;
      return { state: state(), prorationInvoiceId };
    },
    { validator: (args) => validate(update('change_plan', args)) },
  );
}

/** A refusal or a failed piece of work becomes the update's failure, typed for the API's error mapping. */
function settle(result: ReplyResult): ReplyResult {
  if (result.kind === 'refused') throw failure(result.refusal.type, result.refusal.message, result.refusal.details);
  if (result.kind === 'failed') throw failure(result.type, result.message, result.details ?? {});
  return result;
}

function checkoutOf(result: ReplyResult): Checkout {
  if (result.kind !== 'checkout') throw new Error(`expected a checkout, got ${result.kind}`);
  return result.checkout;
}

const failure = (type: string, message: string, details: Record<string, unknown>) =>
  ApplicationFailure.create({ type, message, details: [details], nonRetryable: true });
