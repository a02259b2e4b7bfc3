// The subscription workflow's messages: the same names and arguments for every release of its code, because
// running workflows of an earlier release receive them too.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Checkout, PaymentOutcomeFact } from '../../domain/subscription/messages.js';
import type { PayerReturn } from '../../domain/subscription/payer-action.js';
import type { PlanSnapshot, SubscriptionView } from '../../domain/subscription/state.js';

/** Answers the API's subscribe call once checkout is open (update-with-start). */
export const openCheckoutUpdate = defineUpdate<Checkout>('openCheckout');
/** The payer came back from confirming a payment: everything that reached our return address, untouched. */
export const completeAuthenticationUpdate = defineUpdate<Checkout, [PayerReturn]>('completeAuthentication');
export const cancelSubscriptionUpdate = defineUpdate<
  SubscriptionView,
  [
    {
      mode: 'at_period_end' | 'immediately';
      refund?: 'none' | 'prorated';
      actor: string;
      /** Set when an operator cancels: the cancel reason becomes `admin` and this goes to the audit log. */
      adminReason?: string;
    },
  ]
>('cancelSubscription');
export const resumeSubscriptionUpdate = defineUpdate<SubscriptionView, [{ actor: string }]>('resumeSubscription');
export const changePlanUpdate = defineUpdate<
  { state: SubscriptionView; prorationInvoiceId: string | null },
  [{ plan: PlanSnapshot; actor: string }]
>('changePlan');
/** A new card: while past_due a payment link for the unpaid renewal; while active a card check (a voided hold). */
export const newPaymentMethodUpdate = defineUpdate<Checkout, [{ returnUrl: string | null; actor: string }]>(
  'newPaymentMethod',
);

/** An operator retries a past_due subscription's failed renewal now; answers with the state after the attempt. */
export const retryChargeNowUpdate = defineUpdate<SubscriptionView, [{ actor: string; reason: string }]>(
  'retryChargeNow',
);

/** A fact from the acquirer (webhook): a payment of one of our invoices succeeded or failed. */
export const paymentResultSignal = defineSignal<[PaymentOutcomeFact]>('paymentResult');

export const subscriptionStateQuery = defineQuery<SubscriptionView>('subscriptionState');

/** A refund returned the whole of one of this subscription's payments (sent by the refund workflow). */
export const paymentRefundedSignal = defineSignal<[{ invoiceId: string; refundId: string }]>('paymentRefunded');
