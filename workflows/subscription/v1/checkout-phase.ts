// Checkout: open the initial invoice, take the payment by link or cryptogram (+3-D Secure), and end either
// `active` or `expired`. Before expiring, the acquirer is asked whether the invoice was paid after all.
import { ActivityFailure, condition } from '@temporalio/workflow';
import { linkIdOf, payerActionOf } from '../../../domain/subscription/payer-action.js';
import { acquirer, interactiveAcquirer, records } from './activity-proxies.js';
import { type ChargeAnswer, paymentIdFor } from './charge-answer.js';
import { activate, initialInvoiceId, nowIso } from './state.js';
import type { Checkout, CheckoutRequest, PaymentOutcomeFact, SubscriptionState } from './types.js';

export interface CheckoutContext {
  s: SubscriptionState;
  request: CheckoutRequest;
  ttlMs: number;
  termUrl: string;
  /** Payment outcomes reported by the acquirer's notifications, in arrival order. */
  facts: PaymentOutcomeFact[];
  publish(checkout: Checkout): void;
  /** Resolves with the 3-D Secure result once the payer is back, or undefined at the deadline. */
  authentication(deadline: number): Promise<ChargeAnswer | undefined>;
  sync(events: string[], invoice?: { id: string; status: 'paid' | 'void' }): Promise<void>;
}

type Settled = { outcome: 'succeeded' | 'declined' } | undefined;

export async function runCheckout(ctx: CheckoutContext): Promise<void> {
  const { s, request } = ctx;
  const invoiceId = initialInvoiceId(s.subscriptionId);
  const deadline = Date.now() + ctx.ttlMs;
  const expiresAt = new Date(deadline).toISOString();
  const base = {
    subscriptionId: s.subscriptionId,
    userId: s.userId,
    invoiceId,
    amount: s.plan.amount,
    currency: s.plan.currency,
  };
  await records.createInvoice({ ...base, id: invoiceId, kind: 'initial', periodStart: nowIso(), periodEnd: expiresAt });

  let settled: Settled;
  let orderId: string | undefined;
  if (request.payment.method === 'payment_link') {
    const link = await interactiveAcquirer.createPaymentLink({
      ...base,
      description: `Movix ${s.plan.id}`,
      returnUrl: request.returnUrl,
    });
    orderId = linkIdOf(link);
    ctx.publish({ invoiceId, status: 'awaiting_payment', paymentUrl: link.url, expiresAt });
  } else {
    const { cryptogram, ipAddress } = request.payment;
    let answer: ChargeAnswer;
    try {
      answer = await interactiveAcquirer.chargeCardForInvoice({ ...base, attempt: 1, cryptogram, ipAddress });
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      answer = { outcome: 'unknown', paymentId: paymentIdFor(invoiceId, 1) };
    }
    const status = answer.outcome === 'unknown' ? 'awaiting_payment' : answer.outcome;
    const action = answer.challenge ? payerActionOf(answer.challenge, ctx.termUrl) : undefined;
    ctx.publish({ invoiceId, status, expiresAt, action, declineReason: answer.declineReason });
    if (answer.outcome === 'requires_action') {
      const completed = await ctx.authentication(deadline);
      if (completed?.outcome === 'succeeded' || completed?.outcome === 'declined')
        settled = { outcome: completed.outcome };
    } else if (answer.outcome === 'succeeded' || answer.outcome === 'declined') {
      settled = { outcome: answer.outcome };
    }
  }

  // A cryptogram decline ends this checkout; a payment link stays payable until the deadline (the payer may retry).
  if (settled === undefined) settled = await awaitNotifiedPayment(ctx, invoiceId, deadline);
  if (settled?.outcome !== 'succeeded') {
    const lookup = await acquirer.findInvoicePayment({ subscriptionId: s.subscriptionId, userId: s.userId, invoiceId });
    if (lookup.outcome === 'succeeded') settled = { outcome: 'succeeded' };
  }
  if (settled?.outcome === 'succeeded') {
    activate(s, nowIso());
    await ctx.sync(['payment.succeeded', 'subscription.activated', 'entitlement.granted'], {
      id: invoiceId,
      status: 'paid',
    });
    return;
  }
  if (orderId) await acquirer.cancelPaymentLink({ linkId: orderId });
  s.status = 'expired';
  s.nextChargeAt = null;
  await ctx.sync(settled ? ['payment.failed', 'subscription.expired'] : ['subscription.expired'], {
    id: invoiceId,
    status: 'void',
  });
}

/** Records every notified attempt of the invoice until one succeeds or the checkout deadline passes. */
async function awaitNotifiedPayment(ctx: CheckoutContext, invoiceId: string, deadline: number): Promise<Settled> {
  let seen = 0;
  for (;;) {
    const arrived = await condition(() => ctx.facts.length > seen, Math.max(deadline - Date.now(), 0));
    if (!arrived) return undefined;
    while (seen < ctx.facts.length) {
      const fact = ctx.facts[seen++];
      if (!fact || fact.invoiceId !== invoiceId) continue;
      await records.recordNotifiedPayment({ subscriptionId: ctx.s.subscriptionId, userId: ctx.s.userId, fact });
      if (fact.outcome === 'succeeded') return { outcome: 'succeeded' };
    }
  }
}
