import type {
  AcquirerNotification,
  CheckDecision,
  NotificationRequest,
  NotificationVerification,
  WebhookReply,
} from './notifications.js';
import type { Receipt } from './receipt.js';

export type {
  AcquirerNotification,
  CheckDecision,
  NotificationAction,
  NotificationRequest,
  NotificationVerification,
  WebhookReply,
} from './notifications.js';
export type { PaymentMode, PaymentSubject, Receipt, ReceiptItem, VatRate } from './receipt.js';

// What billing needs from any acquirer. Amounts are integer minor units with an ISO 4217 currency;
// an adapter converts to its wire format. Declines, lost answers and refusals are values, never exceptions.

/** `succeeded`: done. `requires_action`: the payer must pass 3-D Secure. `declined`: the acquirer refused.
 * `voided`: a hold released without capture (no money taken; not a card problem either): the invoice is not paid.
 * `not_sent`: it never reached processing (safe to retry). `unknown`: it may or may not have happened. */
export type PaymentOutcome = 'succeeded' | 'requires_action' | 'declined' | 'voided' | 'not_sent' | 'unknown';
export type DeclineClass = 'hard' | 'soft';

export interface Decline {
  /** The acquirer's code, e.g. `5051`, or `request_rejected` when the acquirer refused the request itself. */
  code: string;
  /** Machine-readable name, e.g. `InsufficientFunds`. */
  reason: string;
  /** hard: do not retry without the cardholder; soft: a later retry may succeed. */
  class: DeclineClass;
  /** Text meant for the payer, when the acquirer gives one. */
  message?: string | undefined;
}

/** Why no answer was obtained (only with `not_sent` / `unknown`). */
export interface CallFailure {
  kind: 'network' | 'timeout' | 'unauthorized' | 'rate_limited' | 'server_error' | 'bad_response';
  message: string;
  httpStatus?: number | undefined;
  /** Retrying with the same idempotency key is sensible. */
  retryable: boolean;
}

/**
 * Where to send the payer's browser to confirm a payment (3-D Secure, or the acquirer's confirmation page). Opaque
 * to billing: the API hands it to the payer as given, and what comes back to `returnUrl` goes to the adapter whole.
 */
export interface AuthenticationChallenge {
  /** GET: redirect the browser to `url` (fields, if any, as query). POST: auto-submit a form of `fields` to `url`. */
  method: 'GET' | 'POST';
  url: string;
  /** Every form field, the return address included where the acquirer takes it in the form (CloudPayments: PaReq, MD, TermUrl). */
  fields: Record<string, string>;
}

/** The acquirer's view of a payment; `captured` is false for a hold (two-stage). */
export type PaymentState = 'awaiting_authentication' | 'authorized' | 'captured' | 'cancelled' | 'declined';

export interface PaymentResult {
  outcome: PaymentOutcome;
  providerTransactionId?: string | undefined;
  /** Our payment id when the acquirer echoes it back (lookups); tells attempts of one invoice apart. */
  paymentId?: string | undefined;
  state?: PaymentState | undefined;
  amount?: number | undefined;
  currency?: string | undefined;
  invoiceId?: string | undefined;
  accountId?: string | undefined;
  token?: string | undefined;
  cardLastFour?: string | undefined;
  decline?: Decline | undefined;
  challenge?: AuthenticationChallenge | undefined;
  failure?: CallFailure | undefined;
  /** The acquirer's answer as received, for audit. */
  raw: unknown;
}

/** Outcome of a refund, void or capture. */
export interface OperationResult {
  outcome: Exclude<PaymentOutcome, 'requires_action' | 'voided'>;
  /** For a refund: the refund's own transaction id at the acquirer. */
  providerTransactionId?: string | undefined;
  decline?: Decline | undefined;
  failure?: CallFailure | undefined;
  raw: unknown;
}

export interface PaymentLinkResult {
  outcome: 'succeeded' | 'declined' | 'not_sent' | 'unknown';
  url?: string | undefined;
  /** The acquirer's id of the link, to cancel it later. */
  linkId?: string | undefined;
  decline?: Decline | undefined;
  failure?: CallFailure | undefined;
  raw: unknown;
}

export type LookupResult =
  | { status: 'found'; payment: PaymentResult; raw: unknown }
  | { status: 'not_found'; raw: unknown }
  | { status: 'unavailable'; failure: CallFailure; raw: unknown };

interface MoneyCall {
  /** Our payment id; travels to the acquirer so its notifications find our row. */
  paymentId: string;
  /** Sent as the acquirer's idempotency key; reuse it when retrying the same operation. */
  idempotencyKey: string;
  amount: number;
  currency: string;
}

export interface CreatePaymentLinkInput extends MoneyCall {
  invoiceId: string;
  accountId: string;
  description: string;
  email?: string | undefined;
  successUrl?: string | undefined;
  failUrl?: string | undefined;
  /** false: the hosted page only places a hold (two-stage), e.g. to verify a new card; void it later. Default true. */
  capture?: boolean | undefined;
  /** The fiscal receipt (54-FZ) to issue with it. */
  receipt?: Receipt | undefined;
}

export interface ChargeCardInput extends MoneyCall {
  invoiceId: string;
  accountId: string;
  /** The acquirer's single-use card packet from the payer's browser (CloudPayments: CardCryptogramPacket; YooKassa: payment_token). */
  cryptogram: string;
  ipAddress: string;
  /** Our address the payer comes back to after confirming (3-D Secure TermUrl / return_url); opaque to the API. */
  returnUrl: string;
  description?: string | undefined;
  /** false: hold only (two-stage); capture or void later. Default true. */
  capture?: boolean | undefined;
  /** The fiscal receipt (54-FZ) to issue with it. */
  receipt?: Receipt | undefined;
}

export interface CompleteAuthenticationInput {
  paymentId: string;
  idempotencyKey: string;
  providerTransactionId: string;
  /** Everything that came back to our return address (form fields and query), untouched; only the adapter reads it. */
  continuation: Record<string, string>;
}

export interface ChargeTokenInput extends MoneyCall {
  invoiceId: string;
  accountId: string;
  token: string;
  /** `merchant`: merchant-initiated (renewals); `customer`: the payer is present. */
  initiator: 'merchant' | 'customer';
  /** A scheduled merchant-initiated payment (a subscription renewal). */
  scheduled: boolean;
  description?: string | undefined;
  capture?: boolean | undefined;
  /** The fiscal receipt (54-FZ) to issue with it. */
  receipt?: Receipt | undefined;
}

export interface RefundInput extends MoneyCall {
  /** Our refund id (`paymentId` stays the payment's). */
  refundId: string;
  providerTransactionId: string;
  /** The refund receipt: the refunded lines. */
  receipt?: Receipt | undefined;
}

export interface CancelPaymentLinkInput {
  /** The link's id from `createPaymentLink`. */
  linkId: string;
  idempotencyKey?: string | undefined;
}

export interface CaptureInput extends MoneyCall {
  providerTransactionId: string;
  /** The fiscal receipt (54-FZ) to issue with it. */
  receipt?: Receipt | undefined;
}

export interface VoidInput {
  paymentId: string;
  idempotencyKey: string;
  providerTransactionId: string;
}

/** One transaction as the acquirer's own list shows it: payments and refunds alike. */
export interface AcquirerTransaction {
  kind: 'payment' | 'refund';
  providerTransactionId: string;
  /** For a refund: the payment it returns money from. */
  paymentTransactionId?: string | undefined;
  /** Our payment id (or refund id, for refunds) when the acquirer echoes it back. */
  paymentId?: string | undefined;
  invoiceId?: string | undefined;
  accountId?: string | undefined;
  state: PaymentState;
  amount: number;
  currency: string;
  /** ISO-8601 UTC. */
  createdAt: string;
  raw: unknown;
}

export interface ListTransactionsInput {
  /** Inclusive lower bound of the transactions' creation time. */
  from: Date;
  /** Inclusive upper bound. */
  to: Date;
}

export type ListTransactionsResult =
  | { status: 'ok'; items: AcquirerTransaction[]; raw: unknown }
  | { status: 'unavailable'; failure: CallFailure; raw: unknown };

export interface FindRefundInput {
  /** The acquirer's id of the payment the refund was made from. */
  paymentTransactionId: string;
  /** Our refund id, as sent with the refund. */
  refundId: string;
}

export interface ProviderCapabilities {
  hostedPage: boolean;
  threeDSecure: boolean;
  tokens: boolean;
  merchantInitiated: boolean;
  twoStage: boolean;
  partialRefund: boolean;
  multipleRefunds: boolean;
  void: boolean;
  idempotencyKeys: boolean;
  /** How long the acquirer remembers an idempotency key, in seconds. */
  idempotencyWindowSeconds: number;
  webhooks: boolean;
  currencies: readonly string[];
  /** The acquirer asks before it authorises (`payment_check`), and our reply decides. */
  preCheck: boolean;
  /** Notifications carry a signature that proves their origin; without one they are hints to confirm by lookup. */
  signedNotifications: boolean;
  /** A payment link can be cancelled before it is paid. */
  cancelLink: boolean;
  /** How long an unpaid link (or a payment waiting for the payer) stays payable, in seconds, where the acquirer says. */
  linkLifetimeSeconds?: number | undefined;
}

export interface PaymentProvider {
  readonly name: string;
  readonly capabilities: ProviderCapabilities;
  /** The {route} segments this acquirer posts notifications to (/webhooks/{acquirer}/{route}). */
  readonly notificationRoutes: readonly string[];
  createPaymentLink(input: CreatePaymentLinkInput): Promise<PaymentLinkResult>;
  /** The link stops taking payments; refused (`declined`) once it was paid. */
  cancelPaymentLink(input: CancelPaymentLinkInput): Promise<OperationResult>;
  chargeCard(input: ChargeCardInput): Promise<PaymentResult>;
  completeAuthentication(input: CompleteAuthenticationInput): Promise<PaymentResult>;
  chargeToken(input: ChargeTokenInput): Promise<PaymentResult>;
  capture(input: CaptureInput): Promise<OperationResult>;
  refund(input: RefundInput): Promise<OperationResult>;
  void(input: VoidInput): Promise<OperationResult>;
  findByInvoice(invoiceId: string): Promise<LookupResult>;
  /** Every transaction created in a time window (reconciliation). */
  listTransactions(input: ListTransactionsInput): Promise<ListTransactionsResult>;
  /** A refund whose answer was lost: did it happen? `found` carries the refund's own transaction id. */
  findRefund(input: FindRefundInput): Promise<LookupResult>;
  getPayment(providerTransactionId: string): Promise<LookupResult>;
  /** Checks the notification's origin (signature over the raw bytes, or source), then parses and normalises. */
  verifyNotification(request: NotificationRequest): Promise<NotificationVerification>;
  /** The acquirer's own acknowledgement; `decision` matters for `payment_check` only. */
  acknowledgeNotification(notification: AcquirerNotification, decision?: CheckDecision): WebhookReply;
}
