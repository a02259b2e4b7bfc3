import { createRoute, z } from '@hono/zod-openapi';
import { PAYMENT_STATUSES } from '../../../db/schema/index.js';
import { ReceiptSchema } from '../../receipt-schema.js';
import { authErrors, errorResponse } from '../../schemas.js';
import { THREE_DS_STATE_PARAM } from '../../three-ds-state.js';

export const PaymentSchema = z
  .object({
    id: z.string(),
    invoiceId: z.string(),
    subscriptionId: z.string(),
    userId: z.string(),
    provider: z.string(),
    acquirer: z.string().openapi({ description: 'The acquirer that took (or was asked for) this payment' }),
    providerTransactionId: z.string().nullable(),
    amount: z.number().int(),
    currency: z.string(),
    status: z.enum(PAYMENT_STATUSES),
    declineCode: z.string().nullable(),
    declineReason: z.string().nullable(),
    refundedAmount: z.number().int(),
    cardLastFour: z.string().nullable(),
    receipt: ReceiptSchema.nullable().openapi({ description: 'The receipt sent with the payment; null when none was' }),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .openapi('Payment');

const user = [{ bearerAuth: [] }];

export const listPayments = createRoute({
  method: 'get',
  path: '/v1/payments',
  tags: ['Payments'],
  summary: "The caller's payments (admins: all, plus userId=)",
  security: user,
  request: {
    query: z.object({
      subscriptionId: z.string().optional(),
      status: z.enum(PAYMENT_STATUSES).optional(),
      userId: z.string().optional(),
    }),
  },
  responses: {
    200: {
      description: 'Payments, newest first',
      content: { 'application/json': { schema: z.object({ items: z.array(PaymentSchema) }) } },
    },
    ...authErrors,
  },
});

export const getPayment = createRoute({
  method: 'get',
  path: '/v1/payments/{id}',
  tags: ['Payments'],
  summary: 'One payment',
  security: user,
  request: { params: z.object({ id: z.string().min(1) }) },
  responses: {
    200: { description: 'The payment', content: { 'application/json': { schema: PaymentSchema } } },
    ...authErrors,
    404: errorResponse('`payment_not_found`'),
  },
});

export const threeDsCallback = createRoute({
  method: 'post',
  path: '/v1/payments/3ds/callback',
  tags: ['Payments'],
  summary: "3-D Secure TermUrl: the ACS posts MD and PaRes here from the payer's browser",
  description:
    "Post to the checkout's `threeDs.termUrl` exactly as given: its `state` binds the return to the checkout. " +
    'A missing or wrong state is answered exactly like an unknown MD, and nothing is sent to the acquirer.',
  request: {
    query: z.object({
      [THREE_DS_STATE_PARAM]: z
        .string()
        .optional()
        .openapi({ description: "The signed state from the checkout's `threeDs.termUrl`" }),
    }),
    body: {
      required: true,
      content: {
        'application/x-www-form-urlencoded': { schema: z.object({ MD: z.string().min(1), PaRes: z.string().min(1) }) },
      },
    },
  },
  responses: {
    200: {
      description: 'The checkout, when the subscription has no returnUrl',
      content: { 'application/json': { schema: z.object({ subscriptionId: z.string(), status: z.string() }) } },
    },
    303: { description: "Redirect to the subscription's returnUrl, with `subscriptionId` and `status` added" },
    400: errorResponse('Missing MD or PaRes'),
    404: errorResponse('`payment_not_found`: no 3-D Secure step of ours has this MD and state'),
    409: errorResponse('`invalid_state`: no 3-D Secure step is pending (completed, declined or expired)'),
  },
});
