import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Checkout, PaymentOutcomeFact, SubscriptionState } from './types.js';

/** Answers the API's subscribe call once checkout is open (update-with-start). */
export const openCheckoutUpdate = defineUpdate<Checkout>('openCheckout');
/** The payer came back from 3-D Secure (MD + PaRes at our TermUrl). */
export const completeAuthenticationUpdate = defineUpdate<Checkout, [{ providerTransactionId: string; paRes: string }]>(
  'completeAuthentication',
);
export const cancelSubscriptionUpdate = defineUpdate<
  SubscriptionState,
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
export const resumeSubscriptionUpdate = defineUpdate<SubscriptionState, [{ actor: string }]>('resumeSubscription');
export const changePlanUpdate = defineUpdate<
  { state: SubscriptionState; prorationInvoiceId: string | null },
  [{ plan: import('./types.js').PlanSnapshot; actor: string }]
>('changePlan');
/** A new card for a past_due subscription: a payment link for the unpaid renewal; paying it replaces the saved card. */
export const newPaymentMethodUpdate = defineUpdate<Checkout, [{ returnUrl: string | null; actor: string }]>(
  'newPaymentMethod',
);

/** An operator retries a past_due subscription's failed renewal now; answers with the state after the attempt. */
export const retryChargeNowUpdate = defineUpdate<SubscriptionState, [{ actor: string; reason: string }]>(
  'retryChargeNow',
);

/** A fact from the acquirer (webhook): a payment of one of our invoices succeeded or failed. */
export const paymentResultSignal = defineSignal<[PaymentOutcomeFact]>('paymentResult');

export const subscriptionStateQuery = defineQuery<SubscriptionState>('subscriptionState');

/** A refund returned the whole of one of this subscription's payments (sent by the refund workflow). */
export const paymentRefundedSignal = defineSignal<[{ invoiceId: string; refundId: string }]>('paymentRefunded');
