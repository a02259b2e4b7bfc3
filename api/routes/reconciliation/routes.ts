import { createRoute, z } from '@hono/zod-openapi';
import { DISCREPANCY_KINDS } from '../../../db/schema/index.js';
import { pageErrors, pageOf, pageQuery } from '../../pagination.js';
import { adminErrors, errorResponse } from '../../schemas.js';

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
  operationId: 'listDiscrepancies',
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
      ...pageQuery,
    }),
  },
  responses: {
    200: {
      description: 'Discrepancies, newest first',
      content: { 'application/json': { schema: pageOf(DiscrepancySchema).openapi('DiscrepancyList') } },
    },
    ...adminErrors,
    ...pageErrors,
  },
});

export const runReconciliation = createRoute({
  operationId: 'runReconciliation',
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

export const resolveDiscrepancy = createRoute({
  operationId: 'resolveDiscrepancy',
  method: 'post',
  path: '/v1/admin/reconciliation/discrepancies/{id}/resolve',
  tags: ['Admin'],
  summary: 'Mark a discrepancy resolved, saying how (kept in the audit log)',
  description:
    'For an operator who has settled a disagreement by hand (e.g. refunded money we had no record of). Resolving ' +
    'twice answers the same resolved discrepancy and records nothing new.',
  security: admin,
  request: {
    params: z.object({ id: z.string().min(1) }),
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({ reason: z.string().trim().min(1).max(500) }).strict(),
        },
      },
    },
  },
  responses: {
    200: {
      description: 'The resolved discrepancy',
      content: { 'application/json': { schema: DiscrepancySchema } },
    },
    ...adminErrors,
    404: errorResponse('`discrepancy_not_found`'),
  },
});
