import { createRoute, z } from '@hono/zod-openapi';
import { WEBHOOK_KINDS } from '../../../acquiring/provider.js';
import { errorResponse } from '../../schemas.js';

/**
 * Documentation of the acquirer's notifications. The handler reads the raw bytes itself (the signature covers them),
 * so this route is registered for the OpenAPI document only, not through the validating `app.openapi`.
 */
export const acquirerWebhook = createRoute({
  method: 'post',
  path: '/webhooks/{provider}/{kind}',
  tags: ['Acquirer webhooks'],
  summary: "The acquirer's notifications (CloudPayments: check, pay, fail, confirm, refund, cancel, recurrent)",
  description:
    '`Content-HMAC` (HMAC-SHA256 with the API secret, base64) is verified over the raw body before anything is ' +
    'parsed; with `X-Content-HMAC` too, both must verify. Duplicates are acknowledged and change nothing. A `pay` ' +
    "that is not our invoice's is acknowledged and stored as a discrepancy.",
  request: { params: z.object({ provider: z.string(), kind: z.enum(WEBHOOK_KINDS) }) },
  responses: {
    200: {
      description: 'The acquirer\'s acknowledgement (`{ "code": 0 }`; `check` may answer 10/11/12/13/20)',
      content: { 'application/json': { schema: z.object({ code: z.number().int() }) } },
    },
    400: errorResponse(
      '`malformed_notification`, `notification_kind_mismatch` (the body is not of the kind its URL names), or ' +
        '`pan_not_accepted`',
    ),
    401: errorResponse('`invalid_signature`: a bad or missing signature; nothing changed'),
    404: errorResponse('`unknown_webhook`'),
  },
});
