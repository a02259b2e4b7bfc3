// Test-only bridge: a provider of the neutral contract (issue 13) seen through today's PaymentProvider, so the
// contract suite of main runs against it unchanged. It goes when provider.ts and the suite are the neutral ones.
import type {
  AcquirerNotification,
  LookupResult,
  NeutralLookupResult,
  NeutralPaymentProvider,
  NeutralPaymentResult,
  NotificationAction,
  PaymentProvider,
  PaymentResult,
  WebhookEvent,
  WebhookKind,
} from '../../../acquiring/provider.js';

const KINDS: Record<NotificationAction, WebhookKind> = {
  payment_check: 'check',
  payment_authorized: 'pay',
  payment_captured: 'pay',
  payment_declined: 'fail',
  payment_voided: 'cancel',
  refund_succeeded: 'refund',
  refund_failed: 'refund',
  ignored: 'recurrent',
};

function legacyResult(result: NeutralPaymentResult): PaymentResult {
  const { challenge, ...rest } = result;
  if (!challenge) return rest;
  // The suite only reads that a challenge exists and names the payment (md).
  const md = result.providerTransactionId ?? '';
  return { ...rest, challenge: { acsUrl: challenge.url, paReq: JSON.stringify(challenge.fields), md } };
}

function legacyLookup(lookup: NeutralLookupResult): LookupResult {
  return lookup.status === 'found' ? { ...lookup, payment: legacyResult(lookup.payment) } : lookup;
}

export function legacyView(neutral: NeutralPaymentProvider, returnUrl: string): PaymentProvider {
  const notifications = new WeakMap<WebhookEvent, AcquirerNotification>();
  return {
    name: neutral.name,
    capabilities: neutral.capabilities,
    async createPaymentLink(input) {
      const { linkId, ...rest } = await neutral.createPaymentLink(input);
      return { ...rest, orderId: linkId };
    },
    cancelPaymentLink: ({ orderId, idempotencyKey }) => neutral.cancelPaymentLink({ linkId: orderId, idempotencyKey }),
    chargeCard: async (input) => legacyResult(await neutral.chargeCard({ ...input, returnUrl })),
    completeAuthentication: async ({ paRes, ...input }) =>
      legacyResult(await neutral.completeAuthentication({ ...input, continuation: paRes ? { paRes } : {} })),
    chargeToken: async (input) => legacyResult(await neutral.chargeToken(input)),
    capture: (input) => neutral.capture(input),
    refund: (input) => neutral.refund(input),
    void: (input) => neutral.void(input),
    findByInvoice: async (invoiceId) => legacyLookup(await neutral.findByInvoice(invoiceId)),
    listTransactions: (input) => neutral.listTransactions(input),
    findRefund: async (input) => legacyLookup(await neutral.findRefund(input)),
    getPayment: async (id) => legacyLookup(await neutral.getPayment(id)),
    async verifyWebhook(request) {
      const verified = await neutral.verifyNotification({ ...request, route: request.kind });
      if (!verified.ok) {
        const reason =
          verified.reason === 'bad_signature' || verified.reason === 'malformed' ? verified.reason : 'unknown_kind';
        return { ok: false, reason, message: verified.message };
      }
      const { action, ...rest } = verified.notification;
      const event: WebhookEvent = { ...rest, kind: KINDS[action] };
      notifications.set(event, verified.notification);
      return { ok: true, event, proves: [] };
    },
    acknowledgeWebhook(event, decision) {
      const notification = notifications.get(event) ?? { ...event, action: 'ignored' as const };
      return neutral.acknowledgeNotification(notification, decision);
    },
  };
}
