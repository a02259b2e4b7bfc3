// YooKassa notifications: `{type:"notification", event, object}` on one route, unsigned. A notification is only a
// hint: the caller confirms it by fetching the object (getPayment / findRefund) before anything changes.
import type {
  AcquirerNotification,
  NotificationAction,
  NotificationRequest,
  NotificationVerification,
  PaymentState,
  WebhookReply,
} from '../provider.js';
import type { IpAllowlist } from './ip-allowlist.js';
import { metadataField, paymentToResult, refundToResult } from './mapper.js';
import { notificationSchema, paymentSchema, type RefundStatus, refundSchema } from './schemas.js';

export const NOTIFICATION_ROUTE = 'notification';

/** Which object an event carries; events about objects billing does not keep are taken and ignored. */
const EVENT_OBJECTS = {
  'payment.waiting_for_capture': 'payment',
  'payment.succeeded': 'payment',
  'payment.canceled': 'payment',
  'refund.succeeded': 'refund',
  'refund.canceled': 'refund',
  'payment_method.active': 'other',
  'payout.succeeded': 'other',
  'payout.canceled': 'other',
  'deal.closed': 'other',
} as const satisfies Record<string, 'payment' | 'refund' | 'other'>;
type KnownEvent = keyof typeof EVENT_OBJECTS;

const PAYMENT_ACTIONS: Record<PaymentState, NotificationAction> = {
  awaiting_authentication: 'ignored',
  authorized: 'payment_authorized',
  captured: 'payment_captured',
  declined: 'payment_declined',
  cancelled: 'payment_voided',
};

const REFUND_ACTIONS: Record<RefundStatus, NotificationAction> = {
  pending: 'ignored',
  succeeded: 'refund_succeeded',
  canceled: 'refund_failed',
};

type Verified = Extract<NotificationVerification, { ok: true }>;
const failed = (reason: Exclude<NotificationVerification, Verified>['reason'], message: string) =>
  ({ ok: false, reason, message }) as const;

function normalise(event: string, object: unknown, raw: unknown): AcquirerNotification {
  const kind = Object.hasOwn(EVENT_OBJECTS, event) ? EVENT_OBJECTS[event as KnownEvent] : 'other';
  if (kind === 'payment') {
    const payment = paymentSchema.parse(object);
    if (event !== `payment.${payment.status}`) throw new Error(`${event} carries a ${payment.status} payment`);
    const found = paymentToResult(payment, raw);
    return {
      action: PAYMENT_ACTIONS[found.state ?? 'awaiting_authentication'],
      providerTransactionId: payment.id,
      paymentId: found.paymentId,
      invoiceId: found.invoiceId,
      accountId: found.accountId,
      amount: found.amount,
      currency: found.currency,
      state: found.state,
      token: found.token,
      cardLastFour: found.cardLastFour,
      decline: found.decline,
      testMode: payment.test,
      dedupeKey: `${event}:${payment.id}:${payment.status}`,
      raw,
    };
  }
  if (kind === 'refund') {
    const refund = refundSchema.parse(object);
    if (event !== `refund.${refund.status}`) throw new Error(`${event} carries a ${refund.status} refund`);
    const found = refundToResult(refund, raw);
    return {
      action: REFUND_ACTIONS[refund.status],
      providerTransactionId: refund.id,
      paymentTransactionId: refund.payment_id,
      paymentId: metadataField(refund.metadata, 'paymentId'),
      refundId: metadataField(refund.metadata, 'refundId'),
      amount: found.amount,
      currency: found.currency,
      decline: found.decline,
      dedupeKey: `${event}:${refund.id}:${refund.status}`,
      raw,
    };
  }
  const { id, status } = object as { id: string; status?: unknown };
  return { action: 'ignored', providerTransactionId: id, dedupeKey: `${event}:${id}:${String(status)}`, raw };
}

export function verifyYooKassaNotification(
  request: NotificationRequest,
  allowlist: IpAllowlist | undefined,
): NotificationVerification {
  if (request.route !== NOTIFICATION_ROUTE) {
    return failed('unknown_route', `YooKassa posts to /${NOTIFICATION_ROUTE} only, not /${request.route}`);
  }
  if (allowlist && !allowlist.allows(request.sourceIp)) {
    return failed('forbidden_source', `${request.sourceIp ?? 'an unknown address'} is not a YooKassa address`);
  }
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(request.rawBody).toString('utf8'));
  } catch {
    return failed('malformed', 'Body is not JSON');
  }
  const parsed = notificationSchema.safeParse(body);
  if (!parsed.success) return failed('malformed', parsed.error.message);
  try {
    const notification = normalise(parsed.data.event, parsed.data.object, body);
    return { ok: true, notification, authenticity: 'unsigned' };
  } catch (error) {
    return failed('malformed', error instanceof Error ? error.message : String(error));
  }
}

/** YooKassa reads only the status: 200 ends its retries. */
export function yooKassaReply(): WebhookReply {
  return { status: 200, headers: { 'content-type': 'application/json' }, body: '{}' };
}
