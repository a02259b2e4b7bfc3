import type { AcquirerNotification, NotificationAction } from '../../../acquiring/provider.js';
import type { AcquirerRouteDeps, AppDeps } from '../../app-env.js';
import type { InboxRow } from './inbox.js';
import { deliverFail, deliverPay } from './payment-delivery.js';
import { deliverRefundNotification } from './refund-delivery.js';
import { lookUpUnsignedNotification } from './unsigned-delivery.js';

type Deliver = (
  deps: AcquirerRouteDeps,
  notification: AcquirerNotification,
  inboxId: number,
  now: Date,
) => Promise<void>;
const nothing: Deliver = async () => {};

/**
 * What a signed notification sets going, by action (an unsigned one only starts a lookup: unsigned-delivery.ts); what
 * a signed body alone does not make worth acting on is stored and acknowledged.
 */
const SIGNED_DELIVERY: Record<NotificationAction, Deliver> = {
  payment_check: nothing,
  payment_authorized: deliverPay,
  payment_captured: deliverPay,
  payment_declined: (deps, n, inboxId) => deliverFail(deps, n, inboxId),
  payment_voided: nothing,
  refund_succeeded: (deps, n) => deliverRefundNotification(deps, n),
  refund_failed: nothing,
  ignored: nothing,
};

/**
 * The notification as stored: the payload is the normalised notification without its raw body and with the card
 * token sealed (neither is read by a delivery); an unsigned row's latest claim is what its next lookup asks about.
 */
function storedNotification(row: InboxRow): AcquirerNotification {
  const fields = row.authenticity === 'unsigned' ? (row.claim ?? row.payload) : row.payload;
  const { sealedToken: _sealed, ...notification } = fields;
  return { ...(notification as Omit<AcquirerNotification, 'raw'>), raw: null };
}

/**
 * Hands one inbox row to its workflow (a signal, or a lookup started) as the webhook used to before answering; the
 * row's acquirer must still be configured (an error otherwise, kept on the row and retried).
 */
export async function deliverInboxRow(deps: AppDeps, row: InboxRow) {
  const now = deps.now ?? (() => new Date());
  const routed: AcquirerRouteDeps = { ...deps, provider: deps.acquirers.get(row.provider) };
  const notification = storedNotification(row);
  if (row.authenticity === 'unsigned') return lookUpUnsignedNotification(routed, notification, row.id);
  return SIGNED_DELIVERY[notification.action](routed, notification, row.id, now());
}
