// The YooKassa adapter: the provider contract over the client, the request builders, the mapper and the
// notification codec. Notifications are unsigned: each one is a hint that the caller confirms by a lookup.
import type { Decline, OperationResult, PaymentProvider, ProviderCapabilities } from '../provider.js';
import { createYooKassaClient, type YooKassaClientOptions } from './client.js';
import { createIpAllowlist } from './ip-allowlist.js';
import { refusedDecline } from './mapper.js';
import { YOOKASSA_CURRENCIES } from './money.js';
import { findByInvoice, findRefund, listTransactions } from './reconciliation.js';
import { captureBody, cardPaymentBody, linkPaymentBody, refundBody, tokenPaymentBody } from './requests.js';
import { lookupResultOf, operationOnPayment, paymentResultOf, readPayment, refundResultOf } from './results.js';
import { NOTIFICATION_ROUTE, verifyYooKassaNotification, yooKassaReply } from './webhook.js';

/** The provider contract as YooKassa fulfils it (the neutral contract of issue 13). */
export type YooKassaProvider = PaymentProvider;

export interface YooKassaProviderOptions extends YooKassaClientOptions {
  /** Where YooKassa sends the payer back after a hosted-page payment when the link names no success URL. */
  defaultReturnUrl: string;
  /** Notification sources allowed (CIDR or addresses, IPv4 and IPv6); absent or empty: any source. */
  notificationIps?: readonly string[] | undefined;
  /** How far back findByInvoice scans the payment list (YooKassa cannot filter by metadata). Default 3 days. */
  invoiceLookbackMs?: number | undefined;
}

export const YOOKASSA_CAPABILITIES: ProviderCapabilities = {
  hostedPage: true,
  threeDSecure: true,
  tokens: true,
  merchantInitiated: true,
  twoStage: true,
  partialRefund: true,
  multipleRefunds: true,
  void: true,
  idempotencyKeys: true,
  idempotencyWindowSeconds: 24 * 3600,
  webhooks: true,
  currencies: YOOKASSA_CURRENCIES,
  preCheck: false,
  signedNotifications: false,
  // Only a hold can be cancelled; an unpaid payment stays payable until it expires (1 h for cards).
  cancelLink: false,
  // Unpaid card payments are cancelled by YooKassa after an hour (expired_on_confirmation).
  linkLifetimeSeconds: 3600,
};

const DEFAULT_INVOICE_LOOKBACK_MS = 3 * 86_400_000;

/** cancelPaymentLink on a still-open payment: YooKassa has no call for it, so the honest answer is a refusal. */
const CANNOT_CANCEL_PENDING: Decline = {
  code: 'cancel_not_supported',
  reason: 'pending_payment_cannot_be_cancelled',
  class: 'hard',
  message: 'YooKassa cancels only held payments; an unpaid one expires by itself (expired_on_confirmation)',
};
const ALREADY_PAID: Decline = { code: 'request_rejected', reason: 'already_paid', class: 'hard' };

export function createYooKassaProvider(options: YooKassaProviderOptions): YooKassaProvider {
  const client = createYooKassaClient(options);
  const ips = options.notificationIps ?? [];
  const allowlist = ips.length > 0 ? createIpAllowlist(ips) : undefined;
  const lookbackMs = options.invoiceLookbackMs ?? DEFAULT_INVOICE_LOOKBACK_MS;
  const paymentPath = (id: string) => `/payments/${encodeURIComponent(id)}`;

  /** Capture or cancel; a refusal from a retry after a lost answer is success when the payment already got there. */
  async function settleHold(id: string, action: 'capture' | 'cancel', body: Record<string, unknown>, key: string) {
    const target = action === 'capture' ? 'succeeded' : 'canceled';
    const result = await client.post(`${paymentPath(id)}/${action}`, body, key);
    if (result.kind !== 'refused') return operationOnPayment(result, target);
    const current = await client.get(paymentPath(id));
    const read = current.kind === 'ok' ? readPayment(current.body) : undefined;
    if (read && 'payment' in read && read.payment.status === target) return operationOnPayment(current, target);
    return { outcome: 'declined', decline: refusedDecline(result.error), raw: result.raw } satisfies OperationResult;
  }

  return {
    name: 'yookassa',
    capabilities: YOOKASSA_CAPABILITIES,
    notificationRoutes: [NOTIFICATION_ROUTE],

    async createPaymentLink(input) {
      const body = linkPaymentBody(input, input.successUrl ?? options.defaultReturnUrl);
      const result = paymentResultOf(await client.post('/payments', body, input.idempotencyKey));
      const { outcome, decline, failure, raw } = result;
      if (outcome === 'requires_action' && result.challenge) {
        return { outcome: 'succeeded', url: result.challenge.url, linkId: result.providerTransactionId, raw };
      }
      if (outcome === 'declined' || outcome === 'not_sent' || outcome === 'unknown') {
        return { outcome, decline, failure, raw };
      }
      const message = `A new link payment is ${result.state ?? 'unreadable'} without a confirmation URL`;
      return { outcome: 'unknown', failure: { kind: 'bad_response', message, retryable: false }, raw };
    },

    async cancelPaymentLink(input) {
      const found = lookupResultOf(await client.get(paymentPath(input.linkId)));
      if (found.status === 'unavailable') return { outcome: 'unknown', failure: found.failure, raw: found.raw };
      if (found.status === 'not_found') {
        return { outcome: 'declined', decline: { ...ALREADY_PAID, reason: 'not_found' }, raw: found.raw };
      }
      const state = found.payment.state;
      if (state === 'cancelled' || state === 'declined') return { outcome: 'succeeded', raw: found.raw };
      if (state === 'awaiting_authentication') {
        return { outcome: 'declined', decline: CANNOT_CANCEL_PENDING, raw: found.raw };
      }
      return { outcome: 'declined', decline: ALREADY_PAID, raw: found.raw };
    },

    async chargeCard(input) {
      return paymentResultOf(await client.post('/payments', cardPaymentBody(input), input.idempotencyKey));
    },

    // The return address carries no result (reference §4): the payment's own status is the answer.
    async completeAuthentication(input) {
      const found = lookupResultOf(await client.get(paymentPath(input.providerTransactionId)));
      if (found.status === 'found') return found.payment;
      if (found.status === 'unavailable') return { outcome: 'unknown', failure: found.failure, raw: found.raw };
      const failure = {
        kind: 'bad_response' as const,
        message: 'YooKassa does not know the payment',
        retryable: false,
      };
      return { outcome: 'unknown', failure, raw: found.raw };
    },

    async chargeToken(input) {
      return paymentResultOf(await client.post('/payments', tokenPaymentBody(input), input.idempotencyKey));
    },

    capture(input) {
      return settleHold(input.providerTransactionId, 'capture', captureBody(input), input.idempotencyKey);
    },

    async refund(input) {
      return refundResultOf(await client.post('/refunds', refundBody(input), input.idempotencyKey));
    },

    void(input) {
      return settleHold(input.providerTransactionId, 'cancel', {}, input.idempotencyKey);
    },

    findByInvoice: (invoiceId) => findByInvoice(client, invoiceId, lookbackMs),
    listTransactions: (input) => listTransactions(client, input),
    findRefund: (input) => findRefund(client, input),

    async getPayment(providerTransactionId) {
      return lookupResultOf(await client.get(paymentPath(providerTransactionId)));
    },

    async verifyNotification(request) {
      return verifyYooKassaNotification(request, allowlist);
    },

    acknowledgeNotification() {
      return yooKassaReply();
    },
  };
}
