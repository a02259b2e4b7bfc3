// CloudPayments puts no type field in a notification: the URL names the kind (reference §5.1). A signed body
// posted to another kind's URL would still verify, so the body's own fields say which kinds it can be.

/** The notification kinds CloudPayments posts, each to its own route: /webhooks/cloudpayments/{kind}. */
export const CLOUDPAYMENTS_ROUTES = ['check', 'pay', 'fail', 'confirm', 'refund', 'cancel', 'recurrent'] as const;
export type CloudPaymentsRoute = (typeof CLOUDPAYMENTS_ROUTES)[number];

export const isCloudPaymentsRoute = (route: string): route is CloudPaymentsRoute =>
  (CLOUDPAYMENTS_ROUTES as readonly string[]).includes(route);

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
 * `Status` either (but an `Rrn`), so a bare body may be a check or a cancel (neither changes money on our side).
 */
export function kindsOfNotificationBody(body: Record<string, unknown>): readonly CloudPaymentsRoute[] {
  if (has(body, 'Id') && !has(body, 'TransactionId')) return ['recurrent'];
  if (has(body, 'PaymentTransactionId')) return ['refund'];
  if (has(body, 'ReasonCode')) return ['fail'];
  // A cancel is a reduced set (reference §5.5): its Rrn comes without the Status every check, pay and confirm carry.
  if (!has(body, 'Status') && !has(body, 'OperationType') && !has(body, 'AuthCode') && !has(body, 'GatewayName')) {
    return has(body, 'Rrn') ? ['cancel'] : ['check', 'cancel'];
  }
  if (AUTHORISATION_FIELDS.some((field) => has(body, field))) {
    if (!has(body, 'OperationType')) return ['confirm'];
    // Should a confirm ever carry OperationType too, it still verifies at its own URL (it changes nothing here).
    return body.OperationType === 'Payment' ? ['pay', 'confirm'] : [];
  }
  return ['check'];
}
