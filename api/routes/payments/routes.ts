import { createRoute, z } from '@hono/zod-openapi';
import { DECLINE_CLASSES, PAYMENT_STATUSES } from '../../../db/schema/index.js';
import { RETURN_PAYMENT_PARAM } from '../../../runtime/payer-return.js';
import { pageErrors, pageOf, pageQuery } from '../../pagination.js';
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
    declineClass: z
      .enum(DECLINE_CLASSES)
      .nullable()
      .openapi({ description: '`hard`: retrying the same card will not help; `soft`: a later retry may pass' }),
    refundedAmount: z.number().int(),
    cardLastFour: z.string().nullable(),
    receipt: ReceiptSchema.nullable().openapi({ description: 'The receipt sent with the payment; null when none was' }),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .openapi('Payment', {
    example: {
      id: 'pay_7d2e',
      invoiceId: 'inv_sub_3f1c2a9e_0',
      subscriptionId: 'sub_3f1c2a9e',
      userId: 'user-42',
      provider: 'cloudpayments',
      acquirer: 'cloudpayments',
      providerTransactionId: '504',
      amount: 29900,
      currency: 'RUB',
      status: 'succeeded',
      declineCode: null,
      declineReason: null,
      declineClass: null,
      refundedAmount: 0,
      cardLastFour: '4242',
      receipt: null,
      createdAt: '2026-12-01T10:00:00.000Z',
      updatedAt: '2026-12-01T10:00:00.000Z',
    },
  });

const user = [{ bearerAuth: [] }];

export const listPayments = createRoute({
  operationId: 'listPayments',
  method: 'get',
  path: '/v1/payments',
  tags: ['Payments'],
  summary: "The caller's payments (admins: all, plus userId=)",
  security: user,
  request: {
    query: z.object({
      subscriptionId: z.string().optional(),
      status: z
        .enum(PAYMENT_STATUSES)
        .optional()
        .openapi({ description: '`unknown`: the work queue of payments whose outcome reconciliation has to settle' }),
      acquirer: z.string().min(1).optional().openapi({ description: 'Only payments taken by this acquirer' }),
      userId: z.string().optional(),
      cardLastFour: z
        .string()
        .regex(/^\d{4}$/)
        .optional()
        .openapi({ description: 'The last four digits of the card the payment was made with' }),
      providerTransactionId: z
        .string()
        .min(1)
        .max(100)
        .optional()
        .openapi({ description: "The acquirer's transaction id" }),
      ...pageQuery,
    }),
  },
  responses: {
    200: {
      description: 'Payments, newest first',
      content: { 'application/json': { schema: pageOf(PaymentSchema).openapi('PaymentList') } },
    },
    ...authErrors,
    ...pageErrors,
  },
});

export const getPayment = createRoute({
  operationId: 'getPayment',
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

const returnQuery = z
  .object({
    [RETURN_PAYMENT_PARAM]: z
      .string()
      .optional()
      .openapi({ description: 'Our payment the return address names (absent on checkouts started before it did)' }),
    [THREE_DS_STATE_PARAM]: z
      .string()
      .optional()
      .openapi({ description: 'The signed state of the return address, binding the return to its checkout' }),
  })
  .catchall(z.string());

const returnResponses = {
  200: {
    description: 'The checkout, when the subscription has no returnUrl',
    content: { 'application/json': { schema: z.object({ subscriptionId: z.string(), status: z.string() }) } },
  },
  303: { description: "Redirect to the subscription's returnUrl, with `subscriptionId` and `status` added" },
  400: errorResponse('A return that names no payment (nor, on a checkout of before, an MD and a PaRes)'),
  404: errorResponse('`payment_not_found`: no confirmation step of ours has this payment (or MD) and state'),
  409: errorResponse('`invalid_state`: no confirmation step is pending (completed, declined or expired)'),
} as const;

const returnDescription =
  "Where the payer's browser comes back after confirming a payment (3-D Secure, an acquirer's confirmation " +
  "page): the return address the checkout's `action` carries (or the acquirer was given), exactly as given; its " +
  '`state` binds the return to the checkout. Every other field that comes back (form fields and query) is handed, ' +
  "untouched, to the acquirer's adapter. A missing or wrong state is answered exactly like an unknown payment, and " +
  'nothing is sent to the acquirer.';

export const threeDsCallback = createRoute({
  operationId: 'completeThreeDs',
  method: 'post',
  path: '/v1/payments/3ds/callback',
  tags: ['Payments'],
  summary: "The payer's return after confirming a payment, as a form post (3-D Secure TermUrl: MD, PaRes)",
  description: returnDescription,
  request: {
    query: returnQuery,
    body: {
      required: true,
      content: { 'application/x-www-form-urlencoded': { schema: z.record(z.string(), z.string()) } },
    },
  },
  responses: returnResponses,
});

export const threeDsReturn = createRoute({
  operationId: 'returnFromThreeDs',
  method: 'get',
  path: '/v1/payments/3ds/callback',
  tags: ['Payments'],
  summary: "The payer's return after confirming a payment, as a redirect back (query only)",
  description: returnDescription,
  request: { query: returnQuery },
  responses: returnResponses,
});
