import { createRoute, z } from '@hono/zod-openapi';
import { DISCREPANCY_KINDS } from '../../../db/schema/index.js';
import { adminErrors } from '../../schemas.js';

const View = z.record(z.string(), z.unknown()).nullable();

export const DiscrepancySchema = z
  .object({
    id: z.string(),
    kind: z.enum(DISCREPANCY_KINDS),
    provider: z.string(),
    providerTransactionId: z.string().nullable(),
    paymentId: z.string().nullable(),
    refundId: z.string().nullable(),
    invoiceId: z.string().nullable(),
    ours: View.openapi({ description: 'Our record when the run looked; null when we have none' }),
    acquirer: View.openapi({ description: "The acquirer's record when the run looked; null when it has none" }),
    detectedAt: z.iso.datetime(),
    runId: z.string(),
    resolved: z.boolean(),
    resolvedAt: z.iso.datetime().nullable(),
  })
  .openapi('Discrepancy');

const admin = [{ bearerAuth: [] }];

export const listDiscrepancies = createRoute({
  method: 'get',
  path: '/v1/admin/reconciliation/discrepancies',
  tags: ['Admin'],
  summary: "Disagreements between our records and the acquirer's, newest first",
  security: admin,
  request: {
    query: z.object({
      kind: z.enum(DISCREPANCY_KINDS).optional(),
      resolved: z
        .enum(['true', 'false'])
        .transform((v) => v === 'true')
        .optional(),
    }),
  },
  responses: {
    200: {
      description: 'Discrepancies (at most 500)',
      content: { 'application/json': { schema: z.object({ items: z.array(DiscrepancySchema) }) } },
    },
    ...adminErrors,
  },
});

export const runReconciliation = createRoute({
  method: 'post',
  path: '/v1/admin/reconciliation/run',
  tags: ['Admin'],
  summary: 'Start a reconciliation run now',
  description:
    'Starts `reconciliationWorkflow` and answers at once; the run settles stale payments and refunds, tells ' +
    'subscriptions of payments they missed, and stores new discrepancies.',
  security: admin,
  responses: {
    202: {
      description: 'The run was started',
      content: {
        'application/json': {
          schema: z.object({ runId: z.string(), workflowId: z.string() }).openapi('ReconciliationRunStarted'),
        },
      },
    },
    ...adminErrors,
  },
});
