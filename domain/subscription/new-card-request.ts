// A new card: while active, a card check (one at a time; a second request shares the open one); while past_due, a
// payment link for the unpaid renewal (likewise shared).
import { cardCheckView } from './card-check.js';
import type { Command } from './commands.js';
import type { Decision, DecisionContext, Reply } from './decision.js';
import { reply, withoutWrite } from './decision.js';
import { cardCheckInvoiceId } from './ids.js';
import { iso } from './lifecycle.js';
import { dunningDeadlineIso } from './renewal.js';
import { newCardView } from './renewal-outcomes.js';
import type { SubscriptionState } from './state.js';

export function newCardRequested(
  s: SubscriptionState,
  command: Extract<Command, { kind: 'new_card' }>,
  id: number,
  ctx: DecisionContext,
): Decision {
  const answer = (checkout: Parameters<typeof cardCheckView>[0]): Reply[] => [
    reply(id, { kind: 'checkout', checkout: cardCheckView(checkout) }),
  ];
  if (s.status === 'active') {
    const c = s.cardCheck;
    if (c?.state === 'open') return withoutWrite(s, answer(c));
    if (c?.state === 'requested') return withoutWrite({ ...s, cardCheck: { ...c, waiters: [...c.waiters, id] } });
    const n = s.cardChecks + 1;
    const cardCheck = {
      invoiceId: cardCheckInvoiceId(s.subscriptionId, n),
      state: 'requested' as const,
      returnUrl: command.returnUrl,
      requestedAt: iso(ctx.now),
      expiresAt: iso(ctx.now + ctx.checkoutTtlMs),
      waiters: [id],
    };
    return withoutWrite({ ...s, cardChecks: n, cardCheck });
  }
  const d = s.dunning;
  if (!d) return withoutWrite(s);
  if (d.newCard?.state === 'open') {
    return withoutWrite(s, [
      reply(id, { kind: 'checkout', checkout: newCardView(d, 'awaiting_payment', dunningDeadlineIso(s, d)) }),
    ]);
  }
  const waiters = [...(d.newCard?.waiters ?? []), id];
  return withoutWrite({
    ...s,
    dunning: { ...d, newCard: { state: 'requested', returnUrl: command.returnUrl, waiters } },
  });
}
