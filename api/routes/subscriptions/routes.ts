import { createRoute, z } from '@hono/zod-openapi';
import { idempotencyHeaders, KEY_REUSED, replayHeaders } from '../../idempotency-openapi.js';
import { pageErrors, pageOf, pageQuery } from '../../pagination.js';
import { authErrors, errorResponse, rateLimitedError, STILL_PROCESSING, SUBSCRIPTION_BUSY } from '../../schemas.js';
import {
  CancelSchema,
  ChangePlanSchema,
  CheckoutSchema,
  CreateSubscriptionSchema,
  IdParam,
  InvoiceSchema,
  ReturnUrlSchema,
  SubscriptionSchema,
} from './schemas.js';

const user = [{ bearerAuth: [] }];
const json = <T>(schema: T) => ({ 'application/json': { schema } });
const body = <T>(schema: T) => ({ body: { required: true, content: json(schema) } });
const subscriptionJson = json(SubscriptionSchema);
const subscriptionAnswer = {
  description: 'The resulting subscription',
  headers: replayHeaders,
  content: subscriptionJson,
};
const notFound = { 404: errorResponse('No such subscription visible to the caller') };
const conflict = {
  409: errorResponse(
    `\`invalid_state\`: the subscription is not in a state that allows this (or is settling a charge); ${KEY_REUSED}`,
  ),
  503: errorResponse(`${SUBSCRIPTION_BUSY}; ${STILL_PROCESSING}`),
};

export const createSubscription = createRoute({
  operationId: 'createSubscription',
  method: 'post',
  path: '/v1/subscriptions',
  tags: ['Subscriptions'],
  summary: 'Subscribe to a plan and open checkout',
  security: user,
  request: {
    headers: idempotencyHeaders(true),
    ...body(CreateSubscriptionSchema),
  },
  responses: {
    201: {
      description: 'Pending payment, with the checkout to complete',
      headers: replayHeaders,
      content: json(z.object({ subscription: SubscriptionSchema, checkout: CheckoutSchema })),
    },
    ...authErrors,
    ...rateLimitedError,
    404: errorResponse('`plan_not_found`'),
    409: errorResponse(`\`subscription_exists\`; ${KEY_REUSED}`),
    422: errorResponse(
      "`unsupported_currency`: no configured acquirer accepts the plan's currency; `customer_contact_required`: " +
        'no receipt e-mail or phone in `customer` nor in the token',
    ),
  },
});

export const listSubscriptions = createRoute({
  operationId: 'listSubscriptions',
  method: 'get',
  path: '/v1/subscriptions',
  tags: ['Subscriptions'],
  summary: "The caller's subscriptions (admins: all, filterable)",
  security: user,
  request: {
    query: z.object({
      userId: z.string().optional(),
      status: SubscriptionSchema.shape.status.optional(),
      ...pageQuery,
    }),
  },
  responses: {
    200: {
      description: 'Subscriptions, newest first',
      content: json(pageOf(SubscriptionSchema).openapi('SubscriptionList')),
    },
    ...authErrors,
    ...pageErrors,
  },
});

export const getSubscription = createRoute({
  operationId: 'getSubscription',
  method: 'get',
  path: '/v1/subscriptions/{id}',
  tags: ['Subscriptions'],
  summary: 'One subscription',
  security: user,
  request: { params: IdParam },
  responses: { 200: { description: 'The subscription', content: subscriptionJson }, ...authErrors, ...notFound },
});

export const cancelSubscription = createRoute({
  operationId: 'cancelSubscription',
  method: 'post',
  path: '/v1/subscriptions/{id}/cancel',
  tags: ['Subscriptions'],
  summary: 'Cancel at the period end (default) or immediately',
  description:
    '`immediately` revokes access now; with `refund: "prorated"` the unused part of the current period is refunded ' +
    '(rounded down) by a refund workflow (`refund-ref_<invoiceId>_cancel`), without operator approval.',
  security: user,
  request: { params: IdParam, headers: idempotencyHeaders(false), ...body(CancelSchema) },
  responses: {
    200: subscriptionAnswer,
    ...authErrors,
    ...rateLimitedError,
    ...notFound,
    ...conflict,
  },
});

export const resumeSubscription = createRoute({
  operationId: 'resumeSubscription',
  method: 'post',
  path: '/v1/subscriptions/{id}/resume',
  tags: ['Subscriptions'],
  summary: 'Undo a cancel at the period end, while the period lasts',
  security: user,
  request: { params: IdParam, headers: idempotencyHeaders(false) },
  responses: {
    200: subscriptionAnswer,
    ...authErrors,
    ...rateLimitedError,
    ...notFound,
    ...conflict,
  },
});

export const changePlan = createRoute({
  operationId: 'changePlan',
  method: 'post',
  path: '/v1/subscriptions/{id}/change-plan',
  tags: ['Subscriptions'],
  summary: 'Upgrade now (prorated charge) or switch at the period end',
  security: user,
  request: { params: IdParam, headers: idempotencyHeaders(false), ...body(ChangePlanSchema) },
  responses: {
    200: {
      description: 'The subscription and the proration invoice of an upgrade',
      headers: replayHeaders,
      content: json(z.object({ subscription: SubscriptionSchema, invoice: InvoiceSchema.nullable() })),
    },
    ...authErrors,
    ...rateLimitedError,
    ...notFound,
    ...conflict,
    402: errorResponse('`payment_declined`: the proration charge was declined; nothing changed'),
    422: errorResponse("`unsupported_currency`: no configured acquirer accepts the plan's currency"),
  },
});

export const listInvoices = createRoute({
  operationId: 'listInvoices',
  method: 'get',
  path: '/v1/subscriptions/{id}/invoices',
  tags: ['Subscriptions'],
  summary: "A subscription's invoices",
  security: user,
  request: { params: IdParam, query: z.object(pageQuery) },
  responses: {
    200: { description: 'Invoices, newest first', content: json(pageOf(InvoiceSchema).openapi('InvoiceList')) },
    ...authErrors,
    ...pageErrors,
    ...notFound,
  },
});

export const newPaymentMethod = createRoute({
  operationId: 'newPaymentMethod',
  method: 'post',
  path: '/v1/subscriptions/{id}/payment-method',
  tags: ['Subscriptions'],
  summary: 'A new card: replaces the saved card on the hosted page',
  description:
    '`past_due`: paying the returned checkout pays the renewal that failed (the subscription is active again at ' +
    'once) and saves the new card for later renewals; automatic retries pause while the checkout is open. ' +
    '`active`: the checkout is a card check, a hold of 1.00 (invoice kind `card_check`) that is voided as soon as ' +
    'it is authorised, so it never costs anything; the card is then saved for later renewals. An unpaid checkout ' +
    'expires like a subscription checkout. Asking again while a checkout is open returns the same checkout.',
  security: user,
  request: {
    params: IdParam,
    headers: idempotencyHeaders(false),
    body: { required: false, content: json(z.object({ returnUrl: ReturnUrlSchema.optional() }).strict()) },
  },
  responses: {
    201: {
      description: 'The checkout to pay',
      headers: replayHeaders,
      content: json(z.object({ checkout: CheckoutSchema })),
    },
    ...authErrors,
    ...rateLimitedError,
    ...notFound,
    409: errorResponse(`\`invalid_state\`: only an active or past_due subscription takes a new card; ${KEY_REUSED}`),
    503: errorResponse(
      `\`acquirer_unavailable\`: the acquirer did not answer; ${SUBSCRIPTION_BUSY}; ${STILL_PROCESSING}`,
    ),
  },
});
