// Pure: CloudPayments' notification payloads → our actions. Each route maps to an action (a pay by its Status:
// a hold or money taken) and to the state it leaves the payment in.
import type { AcquirerNotification, NotificationAction, PaymentState } from '../provider.js';
import { declineFor, jsonDataField, paymentIdFromData, toMinorUnits } from './mapper.js';
import type { CloudPaymentsRoute } from './notification-kind.js';
import type { WebhookPayloads } from './schemas.js';

type PaymentPayload = WebhookPayloads['check' | 'pay' | 'fail' | 'confirm' | 'cancel'];
const holdOrCapture = (status: string | undefined): 'authorized' | 'captured' =>
  status === 'Authorized' ? 'authorized' : 'captured';

/** What each route's notification says about a payment: our action and the state it leaves the payment in. */
const PAYMENT_ROUTES: Record<
  Exclude<CloudPaymentsRoute, 'refund' | 'recurrent'>,
  (status: string | undefined) => { action: NotificationAction; state: PaymentState }
> = {
  check: (status) => ({ action: 'payment_check', state: holdOrCapture(status) }),
  pay: (status) =>
    holdOrCapture(status) === 'authorized'
      ? { action: 'payment_authorized', state: 'authorized' }
      : { action: 'payment_captured', state: 'captured' },
  confirm: () => ({ action: 'payment_captured', state: 'captured' }),
  fail: () => ({ action: 'payment_declined', state: 'declined' }),
  cancel: () => ({ action: 'payment_voided', state: 'cancelled' }),
};

function paymentNotification(route: keyof typeof PAYMENT_ROUTES, payload: PaymentPayload): AcquirerNotification {
  // Loose wire objects: a cancel carries fewer fields than a pay, so each is read if present.
  const p = payload as WebhookPayloads['pay'] & Partial<WebhookPayloads['fail']>;
  const { action, state } = PAYMENT_ROUTES[route](p.Status);
  // A cancel names no currency; its amount is read with RUB's two decimals and `currency` stays unset.
  const currency = typeof p.Currency === 'string' ? p.Currency : undefined;
  return {
    action,
    providerTransactionId: p.TransactionId,
    invoiceId: p.InvoiceId,
    accountId: p.AccountId,
    paymentId: paymentIdFromData(p.Data),
    amount: toMinorUnits(p.Amount, currency ?? 'RUB'),
    currency,
    state,
    token: p.Token,
    cardLastFour: p.CardLastFour,
    subscriptionId: p.SubscriptionId,
    testMode: p.TestMode,
    decline: route === 'fail' ? declineFor(p.ReasonCode ?? 0, p.Reason, p.CardHolderMessage) : undefined,
    dedupeKey: `${route}:${p.TransactionId}`,
    raw: p,
  };
}

function recurrentNotification(p: WebhookPayloads['recurrent']): AcquirerNotification {
  return {
    action: 'ignored',
    providerTransactionId: p.Id,
    subscriptionId: p.Id,
    accountId: p.AccountId,
    dedupeKey: `recurrent:${p.Id}:${p.Status}`,
    raw: p,
  };
}

function refundNotification(p: WebhookPayloads['refund']): AcquirerNotification {
  // A refund notification names no currency: read as a cancel's.
  const currency = typeof p.Currency === 'string' ? p.Currency : undefined;
  return {
    action: 'refund_succeeded',
    providerTransactionId: p.TransactionId,
    paymentTransactionId: p.PaymentTransactionId,
    invoiceId: p.InvoiceId,
    accountId: p.AccountId,
    paymentId: paymentIdFromData(p.Data),
    refundId: jsonDataField(p.Data, 'refundId'),
    amount: toMinorUnits(p.Amount, currency ?? 'RUB'),
    currency,
    dedupeKey: `refund:${p.TransactionId}`,
    raw: p,
  };
}

/** Each route's payload in our words: one normaliser per route, so a route without one does not compile. */
const NORMALISERS: { [R in CloudPaymentsRoute]: (payload: WebhookPayloads[R]) => AcquirerNotification } = {
  check: (p) => paymentNotification('check', p),
  pay: (p) => paymentNotification('pay', p),
  fail: (p) => paymentNotification('fail', p),
  confirm: (p) => paymentNotification('confirm', p),
  cancel: (p) => paymentNotification('cancel', p),
  refund: refundNotification,
  recurrent: recurrentNotification,
};

export function normaliseNotification<R extends CloudPaymentsRoute>(
  route: R,
  payload: WebhookPayloads[R],
): AcquirerNotification {
  return (NORMALISERS[route] as (payload: WebhookPayloads[R]) => AcquirerNotification)(payload);
}
