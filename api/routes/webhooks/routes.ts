import { createRoute, z } from '@hono/zod-openapi';
import { errorResponse } from '../../schemas.js';

/**
 * Documentation of the acquirer's notifications. The handler reads the raw bytes itself (the signature covers them),
 * so this route is registered for the OpenAPI document only, not through the validating `app.openapi`.
 */
export const acquirerWebhook = createRoute({
  operationId: 'receiveAcquirerWebhook',
  method: 'post',
  path: '/webhooks/{acquirer}/{route}',
  tags: ['Acquirer webhooks'],
  summary:
    "An acquirer's notifications, on the routes it posts to (CloudPayments: check, pay, fail, confirm, refund, cancel, recurrent)",
  description:
    "The acquirer's adapter checks the origin before anything is parsed (CloudPayments: `Content-HMAC`, " +
    'HMAC-SHA256 with the API secret, base64, over the raw body; with `X-Content-HMAC` too, both must verify). An ' +
    'acquirer that does not sign is believed only once a lookup at the acquirer confirms what it says. Duplicates are ' +
    "acknowledged and change nothing. A payment that is not our invoice's is acknowledged and stored as a discrepancy.",
  request: { params: z.object({ acquirer: z.string(), route: z.string() }) },
  responses: {
    200: {
      description:
        'The acquirer\'s acknowledgement (CloudPayments: `{ "code": 0 }`; `check` may answer 10/11/12/13/20)',
      content: { 'application/json': { schema: z.object({ code: z.number().int() }) } },
    },
    400: errorResponse(
      '`malformed_notification`, `notification_kind_mismatch` (the body is not of the kind its URL names), or ' +
        '`pan_not_accepted`',
    ),
    401: errorResponse('`invalid_signature`: a bad or missing signature; nothing changed'),
    403: errorResponse("`forbidden_source`: posted from outside the acquirer's published addresses"),
    404: errorResponse('`unknown_webhook`'),
  },
});
