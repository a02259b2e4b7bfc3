import { createRoute, z } from '@hono/zod-openapi';
import { idempotencyHeaders, KEY_REUSED, replayHeaders } from '../../idempotency-openapi.js';
import { pageErrors, pageOf, pageQuery } from '../../pagination.js';
import { adminErrors, errorResponse, rateLimitedError, STILL_PROCESSING, SUBSCRIPTION_BUSY } from '../../schemas.js';
import { SubscriptionSchema } from '../subscriptions/schemas.js';

const admin = [{ bearerAuth: [] }];
const json = <T extends z.ZodType>(schema: T) => ({ 'application/json': { schema } });
const IdParam = z.object({ id: z.string().min(1) });
const Reason = z.string().trim().min(1).max(500).openapi({ description: 'Why; kept in the audit log' });

export const adminCancelSubscription = createRoute({
  operationId: 'adminCancelSubscription',
  method: 'post',
  path: '/v1/admin/subscriptions/{id}/cancel',
  tags: ['Admin'],
  summary: "Cancel any user's subscription (cancel reason `admin`), optionally with a prorated refund",
  security: admin,
  request: {
    params: IdParam,
    headers: idempotencyHeaders(false),
    body: {
      required: true,
      content: json(
        z
          .object({
            mode: z.enum(['at_period_end', 'immediately']).default('immediately'),
            refund: z.enum(['none', 'prorated']).default('none'),
            reason: Reason,
          })
          .strict()
          .refine((v) => v.mode === 'immediately' || v.refund === 'none', {
            path: ['refund'],
            message: 'a prorated refund needs mode "immediately"',
          }),
      ),
    },
  },
  responses: {
    200: { description: 'The resulting subscription', headers: replayHeaders, content: json(SubscriptionSchema) },
    ...adminErrors,
    ...rateLimitedError,
    404: errorResponse('`subscription_not_found`'),
    409: errorResponse(`\`invalid_state\`; ${KEY_REUSED}`),
    503: errorResponse(`${SUBSCRIPTION_BUSY}; ${STILL_PROCESSING}`),
  },
});

export const adminRetryCharge = createRoute({
  operationId: 'adminRetryCharge',
  method: 'post',
  path: '/v1/admin/subscriptions/{id}/retry',
  tags: ['Admin'],
  summary: "Retry a past_due subscription's failed renewal now, with the saved card",
  description: 'Answers once the attempt has an outcome: `active` when it was paid, still `past_due` otherwise.',
  security: admin,
  request: {
    params: IdParam,
    headers: idempotencyHeaders(false),
    body: { required: true, content: json(z.object({ reason: Reason }).strict()) },
  },
  responses: {
    200: {
      description: 'The subscription after the attempt',
      headers: replayHeaders,
      content: json(SubscriptionSchema),
    },
    ...adminErrors,
    ...rateLimitedError,
    404: errorResponse('`subscription_not_found`'),
    409: errorResponse(
      `\`invalid_state\`: not past_due, a charge is being settled, or a new-card checkout is open; ${KEY_REUSED}`,
    ),
    503: errorResponse(`${SUBSCRIPTION_BUSY}; ${STILL_PROCESSING}`),
  },
});

export const AuditEntrySchema = z
  .object({
    id: z.number().int(),
    actor: z.string(),
    action: z.string(),
    entityType: z.string(),
    entityId: z.string(),
    reason: z.string().nullable(),
    before: z.record(z.string(), z.unknown()).nullable(),
    after: z.record(z.string(), z.unknown()).nullable(),
    createdAt: z.iso.datetime(),
  })
  .openapi('AuditEntry');

/** How many `entityId`s one audit read may name: a customer's page asks for all of its entities at once. */
export const MAX_AUDIT_ENTITIES = 100;

export const listAudit = createRoute({
  operationId: 'listAudit',
  method: 'get',
  path: '/v1/admin/audit',
  tags: ['Admin'],
  summary: 'Who changed what, when and why (newest first)',
  security: admin,
  request: {
    query: z.object({
      entityType: z.string().optional(),
      entityId: z
        .union([z.string(), z.array(z.string()).min(1).max(MAX_AUDIT_ENTITIES)])
        .optional()
        .openapi({
          description: `One entity, or up to ${MAX_AUDIT_ENTITIES} by repeating the parameter (entries of any of them)`,
          param: { style: 'form', explode: true },
        }),
      actor: z.string().optional(),
      ...pageQuery,
    }),
  },
  responses: {
    200: { description: 'Audit entries, newest first', content: json(pageOf(AuditEntrySchema).openapi('AuditList')) },
    ...adminErrors,
    ...pageErrors,
  },
});
