import { createRoute, z } from '@hono/zod-openapi';
import { DECLINE_CLASSES } from '../../../db/schema/index.js';
import { pageErrors, pageOf, pageQuery } from '../../pagination.js';
import { adminErrors } from '../../schemas.js';

export const DunningEntrySchema = z
  .object({
    id: z.string().openapi({ description: "The subscription's id (the list's cursor)" }),
    userId: z.string(),
    planId: z.string(),
    pastDueSince: z.iso.datetime().nullable().openapi({ description: 'When the first renewal attempt was declined' }),
    nextRetryAt: z.iso
      .datetime()
      .nullable()
      .openapi({ description: 'When the workflow charges the saved card again; null after a hard decline' }),
    invoiceId: z.string().nullable().openapi({ description: 'The unpaid renewal invoice' }),
    amount: z.number().int().nullable().openapi({ description: 'What the invoice owes, in minor units' }),
    currency: z.string().nullable(),
    attempts: z.number().int().openapi({ description: 'Charge attempts of the unpaid invoice so far' }),
    lastDeclinedAt: z.iso.datetime().nullable().openapi({ description: 'When the last declined attempt was made' }),
    declineCode: z.string().nullable(),
    declineReason: z.string().nullable(),
    declineClass: z.enum(DECLINE_CLASSES).nullable(),
    createdAt: z.iso.datetime().openapi({ description: "The subscription's creation: the list's order" }),
  })
  .openapi('DunningEntry', {
    example: {
      id: 'sub_3f1c2a9e',
      userId: 'user-42',
      planId: 'monthly',
      pastDueSince: '2026-12-01T10:00:00.000Z',
      nextRetryAt: '2026-12-02T10:00:00.000Z',
      invoiceId: 'inv_sub_3f1c2a9e_1',
      amount: 29900,
      currency: 'RUB',
      attempts: 1,
      lastDeclinedAt: '2026-12-01T10:00:00.000Z',
      declineCode: '5051',
      declineReason: 'InsufficientFunds',
      declineClass: 'soft',
      createdAt: '2026-11-01T10:00:00.000Z',
    },
  });

const Timestamp = z.iso.datetime({ offset: true });

export const listDunning = createRoute({
  operationId: 'listDunningSubscriptions',
  method: 'get',
  path: '/v1/admin/dunning',
  tags: ['Admin'],
  summary: 'Subscriptions in dunning (past_due) with their next retry and last decline, newest first',
  description:
    'The work queue of unpaid renewals: each `past_due` subscription with its unpaid invoice, attempts so far, the ' +
    "last decline's code, reason and class, and when the saved card is charged again (`POST " +
    '/v1/admin/subscriptions/{id}/retry` charges it now).',
  security: [{ bearerAuth: [] }],
  request: {
    query: z.object({
      planId: z.string().min(1).optional(),
      declineClass: z
        .enum(DECLINE_CLASSES)
        .optional()
        .openapi({ description: 'Only subscriptions whose last declined attempt is of this class' }),
      retryBefore: Timestamp.optional().openapi({
        description: 'Only subscriptions with an automatic retry scheduled before this time (excludes hard declines)',
        example: '2026-12-03T18:00:00Z',
      }),
      ...pageQuery,
    }),
  },
  responses: {
    200: {
      description: 'Subscriptions in dunning, newest first',
      content: { 'application/json': { schema: pageOf(DunningEntrySchema).openapi('DunningList') } },
    },
    ...adminErrors,
    ...pageErrors,
  },
});
