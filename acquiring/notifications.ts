// Acquirers' notifications in our words: what the API hands an adapter, what it gets back, and how it answers.
import type { Decline, PaymentState } from './provider.js';

/** What an acquirer's notification says, in our words. */
export type NotificationAction =
  /** The acquirer asks whether a payment may proceed; the reply decides (capability `preCheck`). */
  | 'payment_check'
  /** A hold placed (two-stage): money reserved, not taken. */
  | 'payment_authorized'
  /** Money taken. */
  | 'payment_captured'
  /** The payment failed: a decline (`decline` set). */
  | 'payment_declined'
  /** A hold released / a payment cancelled without a card problem. */
  | 'payment_voided'
  | 'refund_succeeded'
  | 'refund_failed'
  /** Something we take and acknowledge but do not act on (e.g. CloudPayments' recurrent). */
  | 'ignored';

export interface NotificationRequest {
  /** The acquirer's route segment: /webhooks/{acquirer}/{route}; one of provider.notificationRoutes. */
  route: string;
  /** The body exactly as received, before any parser touched it. */
  rawBody: Uint8Array;
  headers: Record<string, string | undefined>;
  /** The caller's address as the API determined it (TRUST_PROXY_HOPS), for acquirers that publish source ranges. */
  sourceIp?: string | undefined;
}

export interface AcquirerNotification {
  action: NotificationAction;
  providerTransactionId: string;
  /** For refunds: the payment the refund belongs to. */
  paymentTransactionId?: string | undefined;
  invoiceId?: string | undefined;
  accountId?: string | undefined;
  /** Our payment id when the acquirer echoes it back. */
  paymentId?: string | undefined;
  /** For refunds: our refund id when the acquirer echoes it back. */
  refundId?: string | undefined;
  amount?: number | undefined;
  currency?: string | undefined;
  /** For `payment_check`: the state the payment will reach if we accept it. */
  state?: PaymentState | undefined;
  token?: string | undefined;
  cardLastFour?: string | undefined;
  decline?: Decline | undefined;
  subscriptionId?: string | undefined;
  testMode?: boolean | undefined;
  /** A stable key for "have I handled this one already". */
  dedupeKey: string;
  raw: unknown;
}

export type NotificationVerification =
  | {
      ok: true;
      notification: AcquirerNotification;
      /** signed: the body is proven to come from the acquirer (still believed only for what it says);
       * unsigned: a hint only — nothing changes until a lookup at the acquirer confirms it (YooKassa). */
      authenticity: 'signed' | 'unsigned';
    }
  | {
      ok: false;
      /** route_mismatch: a signed body posted to a route of another kind. */
      reason: 'bad_signature' | 'malformed' | 'unknown_route' | 'route_mismatch' | 'forbidden_source';
      message: string;
    };

/** Our answer to a `payment_check`: may the payment proceed? */
export type CheckDecision =
  | 'accept'
  | 'unknown_invoice'
  | 'wrong_account'
  | 'wrong_amount'
  | 'not_acceptable'
  | 'expired';

export interface WebhookReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}
