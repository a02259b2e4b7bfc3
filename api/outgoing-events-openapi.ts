// The events we POST to EVENTS_URL (activities/deliver-event.ts), as the OpenAPI 3.1 `webhooks` of /openapi.json,
// so a receiver's client can be generated from the same document as the API's.
import { z } from '@hono/zod-openapi';
import type { App } from './app-env.js';

const SUBSCRIPTION_ID = 'sub_3f1c2a9e';
const isoTime = z.iso.datetime();

const subject = {
  subscriptionId: z.string().openapi({ example: SUBSCRIPTION_ID }),
  userId: z.string().openapi({ example: 'user-42' }),
  planId: z.string().openapi({ example: 'monthly' }),
};

const SubscriptionEventData = z
  .object({
    ...subject,
    status: z.enum(['pending_payment', 'active', 'past_due', 'canceled', 'expired']).openapi({ example: 'active' }),
    currentPeriodStart: isoTime.nullable().openapi({ example: '2026-12-01T10:00:00.000Z' }),
    currentPeriodEnd: isoTime.nullable().openapi({ example: '2027-01-01T10:00:00.000Z' }),
    cancelReason: z.string().nullable().optional().openapi({ example: null }),
    imported: z.boolean().optional().openapi({ description: 'Present on the events of an imported subscriber' }),
  })
  .openapi('SubscriptionEventData');

const PaymentEventData = z
  .object({
    ...subject,
    invoiceId: z.string().optional().openapi({ example: 'inv_sub_3f1c2a9e_0' }),
    paymentId: z.string().optional().openapi({ example: 'pay_7d2e' }),
    amount: z.number().int().optional().openapi({ description: 'Minor units', example: 29900 }),
    currency: z.string().optional().openapi({ example: 'RUB' }),
  })
  .openapi('PaymentEventData');

const EntitlementEventData = z
  .object({ ...subject, role: z.string().nullable().openapi({ example: 'subscriber' }) })
  .openapi('EntitlementEventData');

const refundFields = {
  refundId: z.string().openapi({ example: 'ref_0c4f9b' }),
  paymentId: z.string().openapi({ example: 'pay_7d2e' }),
  invoiceId: z.string().openapi({ example: 'inv_sub_3f1c2a9e_0' }),
  subscriptionId: subject.subscriptionId,
  userId: subject.userId,
  amount: z.number().int().openapi({ description: 'Minor units', example: 29900 }),
  currency: z.string().openapi({ example: 'RUB' }),
};

const RefundEventData = z
  .object({
    ...refundFields,
    reason: z.string().openapi({ example: 'requested_by_customer' }),
    failureReason: z.string().nullable().openapi({ example: null }),
  })
  .openapi('RefundEventData');

const DuplicateRefundedEventData = z
  .object({
    ...refundFields,
    providerTransactionId: z.string().openapi({ description: 'The duplicate capture given back' }),
    firstCaptureTransactionId: z.string().openapi({ description: 'The capture that stays' }),
  })
  .openapi('DuplicateRefundedEventData');

/** Every event type we emit (product.md, Integration), with the shape of its `data`. */
export const OUTGOING_EVENTS = {
  'subscription.activated': SubscriptionEventData,
  'subscription.renewed': SubscriptionEventData,
  'subscription.past_due': SubscriptionEventData,
  'subscription.canceled': SubscriptionEventData,
  'subscription.expired': SubscriptionEventData,
  'subscription.plan_changed': SubscriptionEventData,
  'payment.succeeded': PaymentEventData,
  'payment.failed': PaymentEventData,
  'payment.duplicate_refunded': DuplicateRefundedEventData,
  'refund.succeeded': RefundEventData,
  'refund.failed': RefundEventData,
  'entitlement.granted': EntitlementEventData,
  'entitlement.revoked': EntitlementEventData,
} as const;

const deliveryHeaders = z.object({
  'billing-event-id': z.string().openapi({ description: 'The event id; the same on every retry', example: 'evt_1' }),
  'billing-signature': z.string().openapi({
    description: '`t=<unix seconds>,v1=<hex HMAC-SHA256(EVENTS_SECRET, "<t>.<raw body>")>`; one `v1` per secret',
    example: 't=1764756000,v1=5f2b…',
  }),
});

const envelope = (type: string, data: z.ZodType) =>
  z.object({
    id: z.string().openapi({ example: `evt_${SUBSCRIPTION_ID}_1_0` }),
    type: z.literal(type),
    createdAt: isoTime.openapi({ example: '2026-12-01T10:00:00.000Z' }),
    data,
    subscriptionId: z.string().nullable().openapi({ example: SUBSCRIPTION_ID }),
    sequence: z.number().int().nullable().openapi({ description: "Order within the subscription's stream" }),
  });

/** Adds one `webhooks` entry per event type: what an endpoint named in EVENTS_URL receives. */
export function registerOutgoingEvents(app: App) {
  for (const [type, data] of Object.entries(OUTGOING_EVENTS)) {
    const name = type.replace(/[._](\w)/g, (_, c: string) => c.toUpperCase());
    app.openAPIRegistry.registerWebhook({
      method: 'post',
      path: type,
      operationId: `${name}Event`,
      tags: ['Outgoing events'],
      summary: `\`${type}\`, POSTed to every EVENTS_URL endpoint`,
      description:
        'Delivered at least once, in `sequence` order per subscription; any 2xx acknowledges, anything else is ' +
        'retried with backoff under the same id. Verify `Billing-Signature` over the raw body before trusting it.',
      request: {
        headers: deliveryHeaders,
        body: {
          required: true,
          content: {
            'application/json': {
              schema: envelope(type, data).openapi(`${name[0]?.toUpperCase()}${name.slice(1)}Event`),
            },
          },
        },
      },
      responses: { 200: { description: 'Any 2xx acknowledges the event' } },
    });
  }
}
