import { createRoute, z } from '@hono/zod-openapi';
import { REFUND_STATUSES, SUBSCRIPTION_STATUSES } from '../../../db/schema/index.js';
import { adminErrors, errorResponse } from '../../schemas.js';

const Amounts = z
  .array(z.object({ currency: z.string(), amount: z.number().int().openapi({ description: 'Minor units' }) }))
  .openapi({ description: 'One entry per currency, by currency code' });
const CountedAmounts = z.object({ count: z.number().int(), amounts: Amounts });

export const FinanceSummarySchema = z
  .object({
    date: z.string().openapi({ description: 'The UTC day the renewals are counted for' }),
    window: z
      .object({ from: z.iso.datetime(), to: z.iso.datetime() })
      .openapi({ description: 'The 30 days ending with `date`: the recovery rate and the refunds count in it' }),
    liveSubscriptions: z
      .array(z.object({ planId: z.string(), status: z.enum(SUBSCRIPTION_STATUSES), count: z.number().int() }))
      .openapi({ description: 'Live subscriptions (pending_payment, active, past_due) now, by plan and status' }),
    monthlyRecurringRevenue: Amounts.openapi({
      description: 'Now: each active or past_due subscription’s plan price per average month, summed per currency',
    }),
    renewals: z
      .object({ paid: CountedAmounts, declined: CountedAmounts })
      .openapi({ description: 'Renewal charge attempts made on `date` that were paid, and that were declined' }),
    dunningRecovery: z
      .object({
        entered: z.number().int().openapi({ description: 'Renewal invoices first declined in the window' }),
        recovered: z.number().int().openapi({ description: 'Of those, paid since' }),
        inDunning: z.number().int().openapi({ description: 'Of those, still unpaid and retried' }),
        lost: z.number().int().openapi({ description: 'Of those, given up (uncollectible or void)' }),
        rate: z.number().nullable().openapi({ description: 'recovered / entered; null when none entered' }),
      })
      .openapi({ description: 'How many renewals that entered dunning in the window were recovered' }),
    refunds: z
      .array(z.object({ status: z.enum(REFUND_STATUSES), count: z.number().int(), amounts: Amounts }))
      .openapi({ description: 'Refunds requested in the window, one entry per status (zero included)' }),
  })
  .openapi('FinanceSummary', {
    example: {
      date: '2026-12-03',
      window: { from: '2026-11-04T00:00:00.000Z', to: '2026-12-04T00:00:00.000Z' },
      liveSubscriptions: [
        { planId: 'monthly', status: 'active', count: 1200 },
        { planId: 'monthly', status: 'past_due', count: 31 },
        { planId: 'yearly', status: 'active', count: 240 },
      ],
      monthlyRecurringRevenue: [{ currency: 'RUB', amount: 39_228_500 }],
      renewals: {
        paid: { count: 38, amounts: [{ currency: 'RUB', amount: 1_136_200 }] },
        declined: { count: 4, amounts: [{ currency: 'RUB', amount: 119_600 }] },
      },
      dunningRecovery: { entered: 90, recovered: 61, inDunning: 12, lost: 17, rate: 0.6778 },
      refunds: [
        { status: 'pending', count: 0, amounts: [] },
        { status: 'awaiting_approval', count: 2, amounts: [{ currency: 'RUB', amount: 359_000 }] },
        { status: 'succeeded', count: 14, amounts: [{ currency: 'RUB', amount: 302_400 }] },
        { status: 'failed', count: 1, amounts: [{ currency: 'RUB', amount: 29_900 }] },
        { status: 'rejected', count: 0, amounts: [] },
      ],
    },
  });

export const getFinanceSummary = createRoute({
  operationId: 'getFinanceSummary',
  method: 'get',
  path: '/v1/admin/finance/summary',
  tags: ['Admin'],
  summary: 'The numbers finance asks for: live subscriptions, MRR, renewals of a day, dunning recovery, refunds',
  description:
    'Live subscriptions and monthly recurring revenue are as of now. Renewals count the attempts made on the UTC ' +
    'day `date` (default today). The dunning recovery rate and the refunds cover the 30 days ending with that day. ' +
    'Amounts are integer minor units, per currency.',
  security: [{ bearerAuth: [] }],
  request: {
    query: z.object({
      date: z.iso
        .date()
        .optional()
        .openapi({ description: 'A UTC day, YYYY-MM-DD (default today)', example: '2026-12-03' }),
    }),
  },
  responses: {
    200: { description: 'The summary', content: { 'application/json': { schema: FinanceSummarySchema } } },
    ...adminErrors,
    400: errorResponse('`validation_failed`: `date` is not a YYYY-MM-DD day'),
  },
});
