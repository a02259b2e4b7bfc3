// An in-memory PaymentProvider for unit tests of workflows and activities. It passes the same contract
// suite as the CloudPayments adapter: same test cards, idempotency keys, lost answers, and
// CloudPayments-format notifications, signed (default) or, with `notifications: 'unsigned'`, taken as hints only
// (as an acquirer without signatures would). `controls` plays the payer, the ACS and the network.
import { rejectedDecline } from '../cloudpayments/mapper.js';
import { CLOUDPAYMENTS_ROUTES } from '../cloudpayments/notification-kind.js';
import { CLOUDPAYMENTS_CAPABILITIES } from '../cloudpayments/provider.js';
import { encodeCloudPaymentsNotification } from '../cloudpayments/signature.js';
import { continuationProblem } from '../cloudpayments/three-ds.js';
import {
  cloudPaymentsReply,
  readCloudPaymentsNotification,
  verifyCloudPaymentsNotification,
} from '../cloudpayments/webhook.js';
import type {
  AuthenticationChallenge,
  CallFailure,
  LookupResult,
  NotificationRequest,
  PaymentProvider,
  PaymentResult,
} from '../provider.js';
import { createMemoryAcquirer, type MemoryTransaction } from './acquirer.js';
import { listed, refundLookup } from './reconciliation.js';
import { FAILURES, type MemoryFault, operationResult, paymentResult, snapshot } from './results.js';

export type { MemoryFault };

export interface MemoryProviderOptions {
  webhookSecret?: string | undefined;
  /** `unsigned`: notifications are not checked for a signature and are reported as hints (`authenticity: 'unsigned'`). */
  notifications?: 'signed' | 'unsigned' | undefined;
}

export function createMemoryProvider(options: MemoryProviderOptions = {}) {
  const secret = options.webhookSecret ?? 'memory-webhook-secret';
  const signed = options.notifications !== 'unsigned';
  const acquirer = createMemoryAcquirer();
  const answers = new Map<string, unknown>();
  let fault: MemoryFault | undefined;

  /** Idempotent by key; the injected fault decides whether the caller gets the answer. */
  function call<T extends { raw: unknown }>(
    key: string,
    process: () => T,
  ): T | { outcome: 'not_sent' | 'unknown'; failure: CallFailure; raw: null } {
    const active = fault ? FAILURES[fault] : undefined;
    if (active && !active.processed) return { outcome: active.outcome, failure: active.failure, raw: null };
    if (!answers.has(key)) answers.set(key, process());
    const answer = structuredClone(answers.get(key)) as T;
    return active ? { outcome: active.outcome, failure: active.failure, raw: null } : answer;
  }

  function lookup(tx: MemoryTransaction | undefined): LookupResult {
    if (fault) return { status: 'unavailable', failure: FAILURES[fault].failure, raw: null };
    return tx ? { status: 'found', payment: paymentResult(tx), raw: snapshot(tx) } : { status: 'not_found', raw: null };
  }

  const provider: PaymentProvider = {
    name: 'memory',
    // It plays CloudPayments, except that it never forgets an idempotency key.
    capabilities: {
      ...CLOUDPAYMENTS_CAPABILITIES,
      idempotencyWindowSeconds: Number.POSITIVE_INFINITY,
      signedNotifications: signed,
    },
    notificationRoutes: CLOUDPAYMENTS_ROUTES,
    async createPaymentLink(input) {
      return call(input.idempotencyKey, () => {
        orders.set(input.paymentId, input);
        return {
          outcome: 'succeeded' as const,
          url: `memory://pay/${input.paymentId}`,
          linkId: input.paymentId,
          raw: { ...input },
        };
      });
    },
    async cancelPaymentLink(input) {
      return call(input.idempotencyKey ?? `cancel:${input.linkId}`, () => {
        const order = orders.get(input.linkId);
        if (!order || paidLinks.has(input.linkId)) {
          return {
            outcome: 'declined' as const,
            decline: rejectedDecline(order ? 'Order is Paid' : 'Not found'),
            raw: null,
          };
        }
        orders.delete(input.linkId);
        return { outcome: 'succeeded' as const, raw: { linkId: input.linkId } };
      });
    },
    async chargeCard(input) {
      return call(input.idempotencyKey, () => {
        const [, firstSix = '', lastFour = ''] = /^memory:(\d{6})(\d{4})$/.exec(input.cryptogram) ?? [];
        if (!firstSix)
          return {
            outcome: 'declined' as const,
            decline: { code: 'request_rejected', reason: 'Invalid cryptogram', class: 'hard' as const },
            raw: null,
          };
        const { cryptogram: _omit, ipAddress: _ip, description: _d, returnUrl, receipt: _r, ...rest } = input;
        const tx = acquirer.payByCard({ ...rest, firstSix, lastFour, capture: input.capture !== false });
        return paymentResult(tx, returnUrl);
      });
    },
    async completeAuthentication(input) {
      return call(input.idempotencyKey, () => {
        const refused = continuationProblem(input);
        if (refused) return paymentResult({ refused: rejectedDecline(refused) });
        const approved = input.continuation.PaRes === `pares:${input.providerTransactionId}:Y`;
        return paymentResult(acquirer.completeAuthentication(input.providerTransactionId, approved));
      });
    },
    async chargeToken(input) {
      return call(input.idempotencyKey, () =>
        paymentResult(
          acquirer.payByToken(input.token, {
            paymentId: input.paymentId,
            invoiceId: input.invoiceId,
            accountId: input.accountId,
            amount: input.amount,
            currency: input.currency,
            capture: input.capture !== false,
            idempotencyKey: input.idempotencyKey,
          }),
        ),
      );
    },
    async capture(input) {
      return call(input.idempotencyKey, () =>
        operationResult(acquirer.capture(input.providerTransactionId, input.amount), false),
      );
    },
    async refund(input) {
      return call(input.idempotencyKey, () =>
        operationResult(
          acquirer.refund(input.providerTransactionId, input.amount, {
            paymentId: input.paymentId,
            refundId: input.refundId,
            idempotencyKey: input.idempotencyKey,
          }),
          true,
        ),
      );
    },
    async void(input) {
      return call(input.idempotencyKey, () => operationResult(acquirer.void(input.providerTransactionId), false));
    },
    async findByInvoice(invoiceId) {
      return lookup(acquirer.latestPaymentForInvoice(invoiceId));
    },
    async getPayment(id) {
      return lookup(acquirer.get(id));
    },
    async listTransactions(input) {
      if (fault) return { status: 'unavailable', failure: FAILURES[fault].failure, raw: null };
      return listed(acquirer.transactions(), input);
    },
    async findRefund(input) {
      if (fault) return { status: 'unavailable', failure: FAILURES[fault].failure, raw: null };
      return refundLookup(acquirer.transactions(), input);
    },
    async verifyNotification(request) {
      return signed
        ? verifyCloudPaymentsNotification(secret, request)
        : readCloudPaymentsNotification(request, 'unsigned');
    },
    acknowledgeNotification(notification, decision) {
      return cloudPaymentsReply(notification, decision);
    },
  };

  const orders = new Map<string, Parameters<PaymentProvider['createPaymentLink']>[0]>();
  const paidLinks = new Set<string>();

  const controls = {
    /** A cryptogram the memory provider accepts for this card number. */
    cryptogram: (cardNumber: string) => `memory:${cardNumber.slice(0, 6)}${cardNumber.slice(-4)}`,
    /** What the ACS posts back after the payer approved or failed 3-D Secure. */
    paRes: (transactionId: string, result: 'success' | 'fail') =>
      `pares:${transactionId}:${result === 'success' ? 'Y' : 'N'}`,
    /** Plays the payer at a challenge: what comes back to its return address (the continuation). */
    authenticate: (challenge: AuthenticationChallenge, result: 'success' | 'fail'): Record<string, string> => {
      const md = challenge.fields.MD ?? '';
      return { MD: md, PaRes: `pares:${md}:${result === 'success' ? 'Y' : 'N'}` };
    },
    /** Pays a payment link as the payer would (3-D Secure approved). */
    async payLink(url: string, cardNumber: string): Promise<PaymentResult> {
      const linkId = url.replace('memory://pay/', '');
      const order = orders.get(linkId);
      if (!order || paidLinks.has(linkId)) throw new Error(`Payment link ${url} is not payable`);
      const tx = acquirer.payByCard({
        paymentId: order.paymentId,
        invoiceId: order.invoiceId,
        accountId: order.accountId,
        amount: order.amount,
        currency: order.currency,
        firstSix: cardNumber.slice(0, 6),
        lastFour: cardNumber.slice(-4),
        capture: order.capture !== false,
        idempotencyKey: `link:${order.idempotencyKey}`,
      });
      const result = paymentResult(
        tx.state === 'awaiting_authentication' ? acquirer.completeAuthentication(tx.id, true) : tx,
      );
      if (result.outcome === 'succeeded') paidLinks.add(linkId);
      return result;
    },
    setTokenBehavior: (token: string, reasonCode: number, times?: number) =>
      acquirer.setTokenBehavior(token, reasonCode, times),
    /** Every later call misbehaves until `clearFault()`. */
    injectFault(next: MemoryFault) {
      fault = next;
    },
    clearFault() {
      fault = undefined;
    },
    transactions: () => acquirer.transactions().map(snapshot),
    /** A signed notification about a transaction, as CloudPayments would POST it to its `route` (kind). */
    notification(route: string, transactionId: string, format: 'form' | 'json' = 'form'): NotificationRequest {
      const kind = route;
      const tx = acquirer.get(transactionId);
      if (!tx) throw new Error(`No transaction ${transactionId}`);
      const fields = {
        TransactionId: tx.id,
        Amount: (tx.amount / 100).toFixed(2),
        Currency: tx.currency,
        InvoiceId: tx.invoiceId,
        AccountId: tx.accountId,
        CardFirstSix: tx.firstSix,
        CardLastFour: tx.lastFour,
        Status: tx.state === 'authorized' ? 'Authorized' : 'Completed',
        Token: tx.token,
        // What only an authorisation produces, and the operation a pay reports (the body shows its kind).
        AuthCode: kind === 'pay' || kind === 'confirm' ? 'A1B2C3' : undefined,
        OperationType: kind === 'pay' ? 'Payment' : undefined,
        ReasonCode: tx.decline?.code,
        Reason: tx.decline?.reason,
        PaymentTransactionId: tx.originalId,
        TestMode: 1,
        Data: JSON.stringify({ paymentId: tx.paymentId, refundId: tx.refundId }),
      };
      const { body, headers } = encodeCloudPaymentsNotification(fields, secret, format);
      return { route, rawBody: Buffer.from(body, 'utf8'), headers };
    },
  };
  return { provider, controls };
}
export type MemoryProvider = ReturnType<typeof createMemoryProvider>;
