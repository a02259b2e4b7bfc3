// The CloudPayments adapter: PaymentProvider over the client, the mapper and the webhook codec.
import type {
  LookupResult,
  OperationResult,
  PaymentLinkResult,
  PaymentProvider,
  PaymentResult,
  ProviderCapabilities,
} from '../provider.js';
import { type CallResult, type CloudPaymentsClientOptions, createCloudPaymentsClient } from './client.js';
import {
  CLOUDPAYMENTS_CURRENCIES,
  envelopeToOperationResult,
  envelopeToPaymentResult,
  rejectedDecline,
  toMajorUnits,
  transactionToResult,
} from './mapper.js';
import { CLOUDPAYMENTS_ROUTES } from './notification-kind.js';
import { jsonDataWith } from './receipt-mapper.js';
import { findRefund, listTransactions } from './reconciliation.js';
import { orderSchema, transactionSchema } from './schemas.js';
import { continuationProblem } from './three-ds.js';
import { cloudPaymentsReply, verifyCloudPaymentsNotification } from './webhook.js';

export type CloudPaymentsProviderOptions = CloudPaymentsClientOptions;

function paymentResult(result: CallResult, returnUrl?: string): PaymentResult {
  if (result.kind === 'no_answer') return { outcome: result.outcome, failure: result.failure, raw: result.raw };
  return envelopeToPaymentResult(result.envelope, result.raw, returnUrl);
}

function operationResult(result: CallResult): OperationResult {
  if (result.kind === 'no_answer') return { outcome: result.outcome, failure: result.failure, raw: result.raw };
  return envelopeToOperationResult(result.envelope, result.raw);
}

function lookupResult(result: CallResult): LookupResult {
  if (result.kind === 'no_answer') return { status: 'unavailable', failure: result.failure, raw: result.raw };
  if (!result.envelope.Success) return { status: 'not_found', raw: result.raw };
  const tx = transactionSchema.safeParse(result.envelope.Model);
  if (!tx.success) {
    const failure = { kind: 'bad_response' as const, message: tx.error.message, retryable: true };
    return { status: 'unavailable', failure, raw: result.raw };
  }
  return { status: 'found', payment: transactionToResult(tx.data, result.raw), raw: result.raw };
}

export const CLOUDPAYMENTS_CAPABILITIES: ProviderCapabilities = {
  hostedPage: true,
  threeDSecure: true,
  tokens: true,
  merchantInitiated: true,
  twoStage: true,
  partialRefund: true,
  multipleRefunds: true,
  void: true,
  idempotencyKeys: true,
  idempotencyWindowSeconds: 3600,
  webhooks: true,
  currencies: CLOUDPAYMENTS_CURRENCIES,
  preCheck: true,
  signedNotifications: true,
  cancelLink: true,
};

export function createCloudPaymentsProvider(options: CloudPaymentsProviderOptions): PaymentProvider {
  const client = createCloudPaymentsClient(options);
  const secret = options.apiSecret;

  return {
    name: 'cloudpayments',
    capabilities: CLOUDPAYMENTS_CAPABILITIES,
    notificationRoutes: CLOUDPAYMENTS_ROUTES,

    async createPaymentLink(input) {
      const body = {
        Amount: toMajorUnits(input.amount, input.currency),
        Currency: input.currency,
        Description: input.description,
        InvoiceId: input.invoiceId,
        AccountId: input.accountId,
        Email: input.email,
        SuccessRedirectUrl: input.successUrl,
        FailRedirectUrl: input.failUrl,
        // Two-stage: the hosted page only places a hold, confirmed or voided later.
        RequireConfirmation: input.capture === false,
        JsonData: jsonDataWith({ paymentId: input.paymentId }, input.receipt),
      };
      const result = await client.call('/orders/create', body, input.idempotencyKey);
      if (result.kind === 'no_answer') return { outcome: result.outcome, failure: result.failure, raw: result.raw };
      if (!result.envelope.Success) {
        return { outcome: 'declined', decline: rejectedDecline(result.envelope.Message), raw: result.raw };
      }
      const order = orderSchema.safeParse(result.envelope.Model);
      if (!order.success) {
        const failure = { kind: 'bad_response' as const, message: order.error.message, retryable: true };
        return { outcome: 'unknown', failure, raw: result.raw } satisfies PaymentLinkResult;
      }
      return { outcome: 'succeeded', url: order.data.Url, linkId: order.data.Id, raw: result.raw };
    },

    async cancelPaymentLink(input) {
      return operationResult(await client.call('/orders/cancel', { Id: input.linkId }, input.idempotencyKey));
    },

    async chargeCard(input) {
      const path = input.capture === false ? '/payments/cards/auth' : '/payments/cards/charge';
      const body = {
        Amount: toMajorUnits(input.amount, input.currency),
        Currency: input.currency,
        IpAddress: input.ipAddress,
        CardCryptogramPacket: input.cryptogram,
        InvoiceId: input.invoiceId,
        AccountId: input.accountId,
        Description: input.description,
        SaveCard: true,
        JsonData: jsonDataWith({ paymentId: input.paymentId }, input.receipt),
      };
      return paymentResult(await client.call(path, body, input.idempotencyKey), input.returnUrl);
    },

    async completeAuthentication(input) {
      const refused = continuationProblem(input);
      if (refused) return { outcome: 'declined', decline: rejectedDecline(refused), raw: null };
      const body = { TransactionId: Number(input.providerTransactionId), PaRes: input.continuation.PaRes };
      return paymentResult(await client.call('/payments/cards/post3ds', body, input.idempotencyKey));
    },

    async chargeToken(input) {
      const path = input.capture === false ? '/payments/tokens/auth' : '/payments/tokens/charge';
      const body = {
        Amount: toMajorUnits(input.amount, input.currency),
        Currency: input.currency,
        AccountId: input.accountId,
        Token: input.token,
        TrInitiatorCode: input.initiator === 'merchant' ? 0 : 1,
        PaymentScheduled: input.scheduled ? 1 : 0,
        InvoiceId: input.invoiceId,
        Description: input.description,
        JsonData: jsonDataWith({ paymentId: input.paymentId }, input.receipt),
      };
      return paymentResult(await client.call(path, body, input.idempotencyKey));
    },

    async capture(input) {
      const body = {
        TransactionId: Number(input.providerTransactionId),
        Amount: toMajorUnits(input.amount, input.currency),
        ...(input.receipt ? { JsonData: jsonDataWith({ paymentId: input.paymentId }, input.receipt) } : {}),
      };
      return operationResult(await client.call('/payments/confirm', body, input.idempotencyKey));
    },

    async refund(input) {
      const body = {
        TransactionId: Number(input.providerTransactionId),
        Amount: toMajorUnits(input.amount, input.currency),
        JsonData: jsonDataWith({ paymentId: input.paymentId, refundId: input.refundId }, input.receipt),
      };
      return operationResult(await client.call('/payments/refund', body, input.idempotencyKey));
    },

    async void(input) {
      const body = { TransactionId: Number(input.providerTransactionId) };
      return operationResult(await client.call('/payments/void', body, input.idempotencyKey));
    },

    async findByInvoice(invoiceId) {
      return lookupResult(await client.call('/payments/find', { InvoiceId: invoiceId }));
    },

    async listTransactions(input) {
      return listTransactions(client, input);
    },

    async findRefund(input) {
      return findRefund(client, input);
    },

    async getPayment(providerTransactionId) {
      return lookupResult(await client.call('/payments/get', { TransactionId: Number(providerTransactionId) }));
    },

    async verifyNotification(request) {
      return verifyCloudPaymentsNotification(secret, request);
    },

    acknowledgeNotification(notification, decision) {
      return cloudPaymentsReply(notification, decision);
    },
  };
}
