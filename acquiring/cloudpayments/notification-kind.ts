// CloudPayments puts no type field in a notification: the URL names the kind (reference §5.1). A signed body
// posted to another kind's URL would still verify, so the body's own fields say which kinds it can be.
import type { WebhookKind } from '../provider.js';

const has = (body: Record<string, unknown>, field: string) =>
  body[field] !== undefined && body[field] !== null && body[field] !== '';

/**
 * Fields only an authorisation produces (reference §5.5): a `pay` or `confirm` carries them, a `check` (sent before
 * authorising) never does.
 */
const AUTHORISATION_FIELDS = ['AuthCode', 'Rrn', 'GatewayName'] as const;

/**
 * The kinds a parsed notification body is consistent with. `recurrent` names a subscription (`Id`), `refund` its
 * payment (`PaymentTransactionId`), `fail` a reason code; `pay` and `confirm` carry authorisation fields, and only
 * `pay` an `OperationType` (`Payment`; a payout is no payment to us); a `check` has none of those; a `cancel` has no
 * `Status` either, so a bare body may be a check or a cancel (neither changes anything on our side).
 */
export function kindsOfNotificationBody(body: Record<string, unknown>): readonly WebhookKind[] {
  if (has(body, 'Id') && !has(body, 'TransactionId')) return ['recurrent'];
  if (has(body, 'PaymentTransactionId')) return ['refund'];
  if (has(body, 'ReasonCode')) return ['fail'];
  if (AUTHORISATION_FIELDS.some((field) => has(body, field))) {
    if (!has(body, 'OperationType')) return ['confirm'];
    // Should a confirm ever carry OperationType too, it still verifies at its own URL (it changes nothing here).
    return body.OperationType === 'Payment' ? ['pay', 'confirm'] : [];
  }
  if (has(body, 'Status') || has(body, 'OperationType')) return ['check'];
  return ['check', 'cancel'];
}
