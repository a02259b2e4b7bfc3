// A new card while active: the payer authorises a small hold on the acquirer's hosted page, which saves the card;
// the hold is voided at once, so verifying a card never costs anything. An unpaid check expires like a checkout.
import { condition } from '@temporalio/workflow';
import { CARD_CHECK_AMOUNT } from '../../../domain/card-check.js';
import { linkIdOf } from '../../../domain/subscription/payer-action.js';
import { acquirer, interactiveAcquirer, records } from './activity-proxies.js';
import { cardCheckInvoiceId, isLive, nowIso } from './state.js';
import type { Checkout, PaymentOutcomeFact, SubscriptionState } from './types.js';

export interface CardCheckContext {
  s: SubscriptionState;
  facts: PaymentOutcomeFact[];
  ttlMs: number;
  sync(events: string[], invoice?: { id: string; status: 'void' }): Promise<void>;
  /** True while the watcher is recording or settling a check; continue-as-new waits for it. */
  busy?: boolean;
}

const checkoutOf = (s: SubscriptionState): Checkout => ({
  invoiceId: s.cardCheck?.invoiceId ?? '',
  status: 'awaiting_payment',
  paymentUrl: s.cardCheck?.url,
  expiresAt: s.cardCheck?.expiresAt ?? nowIso(),
});

/** Opens (or returns the open) card check: its invoice and a hold-only payment link. */
export async function openCardCheck(ctx: CardCheckContext, returnUrl: string | null): Promise<Checkout> {
  const { s } = ctx;
  if (s.cardCheck?.state === 'open') return checkoutOf(s);
  const n = (s.cardChecks ?? 0) + 1;
  const invoiceId = cardCheckInvoiceId(s.subscriptionId, n);
  const expiresAt = new Date(Date.now() + ctx.ttlMs).toISOString();
  // Claimed before the first await, so a second request cannot open a second check meanwhile.
  s.cardChecks = n;
  s.cardCheck = { invoiceId, state: 'requested', expiresAt };
  const base = {
    subscriptionId: s.subscriptionId,
    userId: s.userId,
    invoiceId,
    amount: CARD_CHECK_AMOUNT,
    currency: s.plan.currency,
  };
  try {
    await records.createInvoice({
      ...base,
      id: invoiceId,
      kind: 'card_check',
      periodStart: nowIso(),
      periodEnd: expiresAt,
    });
    const link = await interactiveAcquirer.createPaymentLink({
      ...base,
      description: `Movix ${s.plan.id}: card check (released at once)`,
      returnUrl,
      capture: false,
    });
    s.cardCheck = { ...s.cardCheck, state: 'open', orderId: linkIdOf(link), url: link.url };
  } catch (error) {
    s.cardCheck = null;
    await ctx.sync([], { id: invoiceId, status: 'void' });
    throw error;
  }
  return checkoutOf(s);
}

/** Runs for the whole life of a run: settles each open card check when it is paid, expires, or the subscription ends. */
export async function watchCardChecks(ctx: CardCheckContext): Promise<never> {
  const { s } = ctx;
  for (;;) {
    await condition(() => s.cardCheck?.state === 'open');
    const check = s.cardCheck;
    if (!check) continue;
    let authorised = await awaitHold(ctx, check.invoiceId, Date.parse(check.expiresAt));
    ctx.busy = true;
    // Not heard of (expired, or the subscription ended): ask the acquirer before giving up, the note may be lost.
    if (!authorised) {
      const lookup = await acquirer.findInvoicePayment({
        subscriptionId: s.subscriptionId,
        userId: s.userId,
        invoiceId: check.invoiceId,
      });
      authorised = lookup.outcome === 'succeeded' ? lookup.providerTransactionId : undefined;
    }
    if (authorised) {
      await acquirer.releaseCardCheck({ invoiceId: check.invoiceId, providerTransactionId: authorised });
      s.paymentMethodVersion += 1;
    } else if (check.orderId) {
      await acquirer.cancelPaymentLink({ linkId: check.orderId });
    }
    s.cardCheck = null;
    await ctx.sync([], { id: check.invoiceId, status: 'void' });
    ctx.busy = false;
  }
}

/** The acquirer transaction id of the authorised hold, or undefined at the deadline or when the subscription ends. */
async function awaitHold(ctx: CardCheckContext, invoiceId: string, deadline: number): Promise<string | undefined> {
  const { s, facts } = ctx;
  let seen = 0;
  for (;;) {
    ctx.busy = false;
    await condition(() => facts.length > seen || !isLive(s), Math.max(deadline - Date.now(), 0));
    ctx.busy = true;
    while (seen < facts.length) {
      const fact = facts[seen++];
      if (!fact || fact.invoiceId !== invoiceId) continue;
      await records.recordNotifiedPayment({ subscriptionId: s.subscriptionId, userId: s.userId, fact });
      if (fact.outcome === 'succeeded') return fact.providerTransactionId;
    }
    if (!isLive(s) || Date.now() >= deadline) return undefined;
  }
}
