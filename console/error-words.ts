import type { ApiAnswer } from './in-process-api.js';

/** What the admin API's refusals mean to an operator, by error code. */
const WORDS: Record<string, string> = {
  validation_failed: 'The form is incomplete or a value is out of range; nothing was changed.',
  unauthorized: 'Your sign-in has expired or is not valid. Sign in again with a fresh token.',
  forbidden: 'Your token does not carry the admin role; the console shows and changes nothing for it.',
  approval_requires_second_operator:
    'You requested this refund, so another operator must approve or reject it (four eyes).',
  invalid_state: 'The subscription or refund is not in a state that allows this right now; nothing was changed.',
  subscription_busy: 'The subscription is busy settling a charge; try again in a minute.',
  still_processing:
    "The subscription has not answered yet (it is waiting on the acquirer); the action goes on by itself. Open the customer's page in a minute to see its outcome; do not repeat it.",
  payment_not_refundable: 'Nothing was captured on this payment, so there is nothing to refund.',
  refund_exceeds_captured: 'The amount is more than what is left to refund on this payment.',
  idempotency_key_reused: 'This form was already sent with other values; reload the page and send it again.',
  event_delivery_disabled: 'Event delivery is switched off in this deployment, so the event cannot be resent.',
  pan_not_accepted: 'The text looks like a card number; card numbers are never accepted. Rephrase the reason.',
  invalid_character: 'The text holds characters that cannot be stored; rephrase it.',
  rate_limited: 'Too many requests just now; wait a moment and try again.',
  subscription_not_found: 'No such subscription.',
  payment_not_found: 'No such payment.',
  refund_not_found: 'No such refund.',
  event_not_found: 'No such event.',
  discrepancy_not_found: 'No such discrepancy.',
  invalid_cursor:
    'The row this page continued from is no longer in the list (it was settled); start from the first page.',
  sso_denied: 'The sign-in provider did not sign you in (it answered with an error); nothing was stored.',
  sso_state_mismatch:
    'This sign-in did not start in this browser, or was already used or timed out; nothing was stored. Start again.',
  sso_failed: "The sign-in provider's answer did not check out (code or ID token refused); nothing was stored.",
  sso_unavailable: 'The sign-in provider cannot be reached just now; try again shortly, or paste a token.',
  sso_token_not_accepted:
    "The admin API does not accept the provider's ID token: JWT_ISSUER, JWT_AUDIENCE and JWT_JWKS_URL must name this provider.",
  csrf_failed:
    'The form did not come from this console session (its CSRF token is missing or stale); reload the page and try again.',
};

/** One sentence for a refusal, and the API's own message kept next to it for the curious. */
export function refusalInWords(answer: ApiAnswer): { sentence: string; code: string; detail: string } {
  const code: string = answer.body?.error?.code ?? `http_${answer.status}`;
  const sentence =
    WORDS[code] ??
    (answer.status >= 500 ? 'The service could not do this just now; try again shortly.' : 'The request was refused.');
  return { sentence, code, detail: answer.body?.error?.message ?? '' };
}
