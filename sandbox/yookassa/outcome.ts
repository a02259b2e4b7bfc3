// How a payment moves (reference §2.3): never backwards; each change is notified with the object as it is then.
// Authorisation applies the card's rule, takes the hold or the money, and saves the method when asked to.
import { randomInt } from 'node:crypto';
import type { YooKassaCore } from './core.js';
import type { Card, SandboxPayment } from './store.js';
import { type Party, testCardOf } from './test-cards.js';
import { paymentObject } from './views.js';

export function notifyPayment(core: YooKassaCore, p: SandboxPayment): void {
  const object = paymentObject(p, core.store, core.shopId);
  if (p.status === 'waiting_for_capture') core.notifier.send('payment.waiting_for_capture', object);
  if (p.status === 'succeeded') core.notifier.send('payment.succeeded', object);
  if (p.status === 'canceled') core.notifier.send('payment.canceled', object);
}

export function cancelPayment(core: YooKassaCore, p: SandboxPayment, party: Party, reason: string): void {
  if (p.status === 'succeeded' || p.status === 'canceled') return;
  p.status = 'canceled';
  p.cancellation = { party, reason };
  p.expiresAt = null;
  notifyPayment(core, p);
}

/** The card's decision (a forced one from a saved method's behaviour wins), then the hold or the charge. */
export function authorise(core: YooKassaCore, p: SandboxPayment, card: Card, forcedReason?: string): void {
  if (p.status !== 'pending') return;
  p.card = card;
  const decline = forcedReason
    ? {
        reason: forcedReason,
        party: forcedReason === 'permission_revoked' ? ('yoo_money' as const) : ('payment_network' as const),
      }
    : testCardOf(card.number).decline;
  if (decline) {
    cancelPayment(core, p, decline.party, decline.reason);
    return;
  }
  const now = new Date();
  p.authorization = { rrn: String(randomInt(1e11, 1e12)), authCode: String(randomInt(1e5, 1e6)) };
  if (p.initiator === 'customer') {
    const existing = core.store.methods.get(p.methodId);
    core.store.methods.set(p.methodId, {
      id: p.methodId,
      card,
      saved: p.savePaymentMethod || (existing?.saved ?? false),
      status: 'active',
      behavior: existing?.behavior ?? null,
    });
  }
  if (p.capture) {
    p.status = 'succeeded';
    p.capturedAt = now;
  } else {
    p.status = 'waiting_for_capture';
    p.expiresAt = new Date(now.getTime() + core.holdTtlMs);
    core.at(p.expiresAt, () => {
      if (p.status === 'waiting_for_capture') cancelPayment(core, p, 'yoo_money', 'expired_on_capture');
    });
  }
  notifyPayment(core, p);
}

/** A card now known for a pending payment: 3-D Secure first when the card or `enforce` asks for it. */
export function submitCard(core: YooKassaCore, p: SandboxPayment, card: Card): 'challenge' | 'done' {
  if (p.status !== 'pending') return 'done';
  p.card = card;
  if (testCardOf(card.number).threeDs || p.confirmation?.enforce) {
    p.threeDs = 'required';
    return 'challenge';
  }
  authorise(core, p, card);
  return 'done';
}

/** The payer's 3-D Secure answer. A 3d_secure_failed test card fails whatever is answered. */
export function finishThreeDs(core: YooKassaCore, p: SandboxPayment, result: 'success' | 'fail'): void {
  if (p.status !== 'pending' || p.threeDs !== 'required' || !p.card) return;
  if (result === 'fail' || testCardOf(p.card.number).decline?.reason === '3d_secure_failed') {
    cancelPayment(core, p, 'payment_network', '3d_secure_failed');
    return;
  }
  p.threeDs = 'passed';
  authorise(core, p, p.card);
}

/** Expires an unpaid payment (`expired_on_confirmation`) or an uncaptured hold (`expired_on_capture`) now. */
export function expire(core: YooKassaCore, p: SandboxPayment): void {
  if (p.status === 'pending') cancelPayment(core, p, 'yoo_money', 'expired_on_confirmation');
  if (p.status === 'waiting_for_capture') cancelPayment(core, p, 'yoo_money', 'expired_on_capture');
}
