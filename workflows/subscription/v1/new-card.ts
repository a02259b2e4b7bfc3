// A new card. While past due: the payer pays the unpaid renewal invoice on the acquirer's hosted page, which saves
// the new card for the renewals that follow; automatic retries pause while the link is open (see renewal-phase).
// While active: a card check (a hold voided at once, see card-check.ts).
import { setHandler } from '@temporalio/workflow';
import { dunningDeadline } from '../../../domain/dunning.js';
import { linkIdOf } from '../../../domain/subscription/payer-action.js';
import { newPaymentMethodUpdate } from '../messages.js';
import { interactiveAcquirer } from './activity-proxies.js';
import { type CardCheckContext, openCardCheck } from './card-check.js';
import { rejectUnless } from './invalid-state.js';
import type { Checkout } from './types.js';

export function registerNewCard(ctx: CardCheckContext) {
  const { s, sync } = ctx;
  setHandler(
    newPaymentMethodUpdate,
    async ({ returnUrl }): Promise<Checkout> => {
      if (s.status === 'active') return openCardCheck(ctx, returnUrl);
      const d = s.dunning;
      if (!d) throw new Error('validated: past_due always has dunning state');
      const expiresAt = dunningDeadline(new Date(d.firstFailureAt), s.plan.dunningScheduleSeconds).toISOString();
      if (d.newCard?.state === 'open' && d.newCard.url) {
        return { invoiceId: d.invoiceId, status: 'awaiting_payment', paymentUrl: d.newCard.url, expiresAt };
      }
      // Claimed before the first await, so no scheduled retry can start while the link is being made.
      d.newCard = { state: 'requested' };
      try {
        const link = await interactiveAcquirer.createPaymentLink({
          subscriptionId: s.subscriptionId,
          userId: s.userId,
          invoiceId: d.invoiceId,
          amount: s.plan.amount,
          currency: s.plan.currency,
          description: `Movix ${s.plan.id}: new card`,
          returnUrl,
        });
        d.newCard = { state: 'open', orderId: linkIdOf(link), url: link.url };
      } catch (error) {
        d.newCard = null;
        throw error;
      }
      s.nextChargeAt = null;
      await sync([]);
      return { invoiceId: d.invoiceId, status: 'awaiting_payment', paymentUrl: d.newCard.url, expiresAt };
    },
    {
      validator: (_input) =>
        rejectUnless(
          (s.status === 'active' || (s.status === 'past_due' && s.dunning !== null)) && !s.chargeInFlight,
          'replace the card',
          s,
          ['active', 'past_due'],
        ),
    },
  );
}
