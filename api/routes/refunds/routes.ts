import { createRoute, z } from '@hono/zod-openapi';
import { REFUND_STATUSES } from '../../../db/schema/index.js';
import { idempotencyHeaders, KEY_REUSED, replayHeaders } from '../../idempotency-openapi.js';
import { pageErrors, pageOf, pageQuery } from '../../pagination.js';
import { ReceiptSchema } from '../../receipt-schema.js';
import { adminErrors, errorResponse, rateLimitedError } from '../../schemas.js';

export const RefundSchema = z
  .object({
    id: z.string(),
    paymentId: z.string(),
    subscriptionId: z.string(),
    amount: z.number().int(),
    currency: z.string(),
    status: z.enum(REFUND_STATUSES),
    reason: z.string(),
    acquirer: z.string().openapi({ description: "The acquirer that refunds it: its payment's" }),
    providerTransactionId: z.string().nullable(),
    failureReason: z.string().nullable(),
    requestedBy: z.string(),
    decidedBy: z.string().nullable(),
    approvalDeadline: z.iso.datetime().nullable(),
    receipt: ReceiptSchema.nullable().openapi({
      description: 'The refund receipt sent with it; null until it is sent',
    }),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .openapi('Refund', {
    example: {
      id: 'ref_0c4f9b',
      paymentId: 'pay_7d2e',
      subscriptionId: 'sub_3f1c2a9e',
      amount: 29900,
      currency: 'RUB',
      status: 'succeeded',
      reason: 'requested_by_customer',
      acquirer: 'cloudpayments',
      providerTransactionId: '505',
      failureReason: null,
      requestedBy: 'op-7',
      decidedBy: null,
      approvalDeadline: null,
      receipt: null,
      createdAt: '2026-12-01T10:00:00.000Z',
      updatedAt: '2026-12-01T10:00:00.000Z',
    },
  });

const admin = [{ bearerAuth: [] }];
const json = <T extends z.ZodType>(schema: T) => ({ 'application/json': { schema } });
const IdParam = z.object({ id: z.string().min(1) });
const notFound = { 404: errorResponse('`refund_not_found` / `payment_not_found`') };

export const createRefund = createRoute({
  operationId: 'createRefund',
  method: 'post',
  path: '/v1/payments/{id}/refunds',
  tags: ['Refunds'],
  summary: 'Refund a payment, fully or in part (admin; Idempotency-Key required)',
  description:
    'Reserves the amount against what is still refundable (captured minus refunded minus refunds in flight), then ' +
    'a refund workflow (`refund-<id>`) asks the acquirer. Amounts above `REFUND_APPROVAL_THRESHOLD` wait for ' +
    'approve/reject until a deadline (no decision → `rejected`). A full refund of the current period cancels the ' +
    'subscription (`refunded`). Poll `GET /v1/refunds/{id}` for the outcome.',
  security: admin,
  request: {
    params: IdParam,
    headers: idempotencyHeaders(true),
    body: {
      required: true,
      content: json(
        z
          .object({ amount: z.number().int().positive().optional(), reason: z.string().trim().min(1).max(500) })
          .strict()
          .openapi('CreateRefund', { example: { amount: 10000, reason: 'requested_by_customer' } }),
      ),
    },
  },
  responses: {
    202: { description: 'The refund, accepted', headers: replayHeaders, content: json(RefundSchema) },
    ...adminErrors,
    ...rateLimitedError,
    ...notFound,
    409: errorResponse(
      `\`payment_not_refundable\`: nothing was captured; \`invalid_state\`: its subscription is settling a charge; ${KEY_REUSED}`,
    ),
    422: errorResponse('`refund_exceeds_captured`: more than is left to refund'),
  },
});

export const listRefunds = createRoute({
  operationId: 'listRefunds',
  method: 'get',
  path: '/v1/refunds',
  tags: ['Refunds'],
  summary: 'Refunds, newest first (admin)',
  security: admin,
  request: {
    query: z.object({
      paymentId: z.string().optional(),
      subscriptionId: z.string().optional(),
      status: z.enum(REFUND_STATUSES).optional(),
      ...pageQuery,
    }),
  },
  responses: {
    200: { description: 'Refunds, newest first', content: json(pageOf(RefundSchema).openapi('RefundList')) },
    ...adminErrors,
    ...pageErrors,
  },
});

export const getRefund = createRoute({
  operationId: 'getRefund',
  method: 'get',
  path: '/v1/refunds/{id}',
  tags: ['Refunds'],
  summary: 'One refund (admin)',
  security: admin,
  request: { params: IdParam },
  responses: { 200: { description: 'The refund', content: json(RefundSchema) }, ...adminErrors, ...notFound },
});

const decision = (verb: 'approve' | 'reject') =>
  createRoute({
    operationId: `${verb}Refund`,
    method: 'post',
    path: `/v1/refunds/{id}/${verb}`,
    tags: ['Refunds'],
    summary: `${verb === 'approve' ? 'Approve' : 'Reject'} a refund awaiting approval (admin)`,
    description:
      verb === 'approve'
        ? 'Maker-checker: only an operator other than the one who requested the refund may approve it.'
        : 'Any operator, the requester included (withdrawing a request moves no money).',
    security: admin,
    request: {
      params: IdParam,
      headers: idempotencyHeaders(false),
      body: {
        required: false,
        content: json(z.object({ reason: z.string().trim().min(1).max(500).optional() }).strict()),
      },
    },
    responses: {
      200: { description: 'The refund after the decision', headers: replayHeaders, content: json(RefundSchema) },
      ...adminErrors,
      ...rateLimitedError,
      ...(verb === 'approve'
        ? { 403: errorResponse('`forbidden`: not an admin; `approval_requires_second_operator`: the requester') }
        : {}),
      ...notFound,
      409: errorResponse(`\`invalid_state\`: the refund is not awaiting approval; ${KEY_REUSED}`),
    },
  });

export const approveRefund = decision('approve');
export const rejectRefund = decision('reject');
