// The resend control: replays the latest notification sent for a payment or refund (optionally of one event);
// when none was sent yet, builds the one its current status would have sent.
import type { YooKassaCore } from './core.js';
import type { NotificationRecord, YooKassaEvent } from './notifier.js';
import { paymentObject, refundObject } from './views.js';

const PAYMENT_EVENTS: Record<string, YooKassaEvent | undefined> = {
  waiting_for_capture: 'payment.waiting_for_capture',
  succeeded: 'payment.succeeded',
  canceled: 'payment.canceled',
};

export function resendNotification(
  core: YooKassaCore,
  request: { paymentId?: string | undefined; refundId?: string | undefined; event?: string | undefined },
): NotificationRecord | 'not_found' | 'nothing_to_send' {
  const objectId = request.paymentId ?? request.refundId ?? '';
  const earlier = core.notifier
    .log()
    .filter((n) => n.objectId === objectId && !n.resent && (request.event === undefined || n.event === request.event))
    .at(-1);
  if (earlier) return core.notifier.resend(earlier) ?? 'nothing_to_send';
  if (request.refundId !== undefined) {
    const refund = core.store.refunds.get(objectId);
    if (!refund) return 'not_found';
    return core.notifier.send('refund.succeeded', refundObject(refund)) ?? 'nothing_to_send';
  }
  const payment = core.store.payments.get(objectId);
  if (!payment) return 'not_found';
  const event = PAYMENT_EVENTS[payment.status];
  if (!event || (request.event !== undefined && request.event !== event)) return 'nothing_to_send';
  return core.notifier.send(event, paymentObject(payment, core.store, core.shopId)) ?? 'nothing_to_send';
}
