import { z } from '@hono/zod-openapi';
import { INVOICE_KINDS, INVOICE_STATUSES, SUBSCRIPTION_STATUSES } from '../../../db/schema/index.js';
import { E164_PHONE } from '../../../domain/customer-contact.js';

const iso = z.iso.datetime();

export const SubscriptionSchema = z
  .object({
    id: z.string(),
    userId: z.string(),
    planId: z.string(),
    status: z.enum(SUBSCRIPTION_STATUSES),
    currentPeriodStart: iso.nullable(),
    currentPeriodEnd: iso.nullable(),
    cancelAtPeriodEnd: z.boolean(),
    pendingPlanId: z.string().nullable(),
    pastDueSince: iso.nullable(),
    nextChargeAt: iso.nullable(),
    canceledAt: iso.nullable(),
    cancelReason: z.string().nullable(),
    createdAt: iso,
  })
  .openapi('Subscription', {
    example: {
      id: 'sub_3f1c2a9e',
      userId: 'user-42',
      planId: 'monthly',
      status: 'active',
      currentPeriodStart: '2026-12-01T10:00:00.000Z',
      currentPeriodEnd: '2027-01-01T10:00:00.000Z',
      cancelAtPeriodEnd: false,
      pendingPlanId: null,
      pastDueSince: null,
      nextChargeAt: '2027-01-01T10:00:00.000Z',
      canceledAt: null,
      cancelReason: null,
      createdAt: '2026-12-01T10:00:00.000Z',
    },
  });

export const PayerActionSchema = z
  .object({
    method: z.enum(['GET', 'POST']),
    url: z.string(),
    fields: z.record(z.string(), z.string()),
  })
  .openapi('PayerAction', {
    description:
      "Where to send the payer's browser to confirm the payment (`requires_action`), as the acquirer gave it: GET: " +
      'redirect to `url` with `fields` as query; POST: auto-submit a form of `fields` to `url`. The payer comes back ' +
      'to our return address (already inside it), which completes the checkout.',
  });

export const CheckoutSchema = z
  .object({
    invoiceId: z.string(),
    status: z.enum(['awaiting_payment', 'requires_action', 'succeeded', 'declined']),
    paymentUrl: z.string().optional(),
    expiresAt: iso,
    action: PayerActionSchema.optional(),
    threeDs: z
      .object({ acsUrl: z.string(), paReq: z.string(), md: z.string(), termUrl: z.string() })
      .optional()
      .openapi({
        deprecated: true,
        description:
          'Deprecated: use `action`. The same step when it is a 3-D Secure form (POST of PaReq, MD and TermUrl to ' +
          '`acsUrl`), for clients written before `action`.',
      }),
    declineReason: z.string().optional(),
  })
  .openapi('Checkout', {
    example: {
      invoiceId: 'inv_sub_3f1c2a9e_0',
      status: 'awaiting_payment',
      paymentUrl: 'https://pay.example/d/ord_5b1e',
      expiresAt: '2026-12-01T10:30:00.000Z',
    },
  });

export const InvoiceSchema = z
  .object({
    id: z.string(),
    subscriptionId: z.string(),
    kind: z.enum(INVOICE_KINDS),
    amount: z.number().int(),
    currency: z.string(),
    status: z.enum(INVOICE_STATUSES),
    periodStart: iso,
    periodEnd: iso,
    attempts: z.number().int(),
    paidAt: iso.nullable(),
    createdAt: iso,
  })
  .openapi('Invoice', {
    example: {
      id: 'inv_sub_3f1c2a9e_0',
      subscriptionId: 'sub_3f1c2a9e',
      kind: 'initial',
      amount: 29900,
      currency: 'RUB',
      status: 'paid',
      periodStart: '2026-12-01T10:00:00.000Z',
      periodEnd: '2027-01-01T10:00:00.000Z',
      attempts: 1,
      paidAt: '2026-12-01T10:00:00.000Z',
      createdAt: '2026-12-01T10:00:00.000Z',
    },
  });

/** Checked against the deployment's rules in the handler (api/return-url.ts), where the configuration is known. */
export const ReturnUrlSchema = z
  .url()
  .max(2048)
  .openapi({
    description:
      'Where the payer returns after paying: https (http only to localhost outside production), no user name or ' +
      'password, no backslashes; on one of `RETURN_URL_HOSTS` when that is set. Anything else is 400 `validation_failed`.',
  });

export const CustomerContactSchema = z
  .object({
    email: z.email().max(254).optional(),
    phone: z
      .string()
      .regex(E164_PHONE, 'must be an E.164 phone number: digits with the country code, e.g. +79001234567')
      .optional(),
  })
  .strict()
  .openapi('CustomerContact', {
    description:
      "Where the fiscal receipt (54-FZ) of every payment and refund is sent. Without it, the bearer token's `email` / " +
      '`phone_number` claims are used; with neither, 422 `customer_contact_required`.',
  });

export const CreateSubscriptionSchema = z
  .object({
    planId: z.string().min(1),
    customer: CustomerContactSchema.optional(),
    returnUrl: ReturnUrlSchema.optional(),
    payment: z
      .discriminatedUnion('method', [
        z.object({ method: z.literal('payment_link') }).strict(),
        z
          .object({
            method: z.literal('card_cryptogram'),
            cryptogram: z.string().min(10).max(4096),
            ipAddress: z.union([z.ipv4(), z.ipv6()]),
          })
          .strict(),
      ])
      .default({ method: 'payment_link' }),
  })
  .strict()
  .openapi('CreateSubscription', {
    example: {
      planId: 'monthly',
      customer: { email: 'viewer@example.com' },
      returnUrl: 'https://movix.example/billing/return',
      payment: { method: 'payment_link' },
    },
  });

export const CancelSchema = z
  .object({
    mode: z.enum(['at_period_end', 'immediately']).default('at_period_end'),
    refund: z.enum(['none', 'prorated']).default('none'),
  })
  .strict()
  .refine((v) => v.mode === 'immediately' || v.refund === 'none', {
    path: ['refund'],
    message: 'a prorated refund needs mode "immediately"',
  })
  .openapi('CancelSubscription', { example: { mode: 'immediately', refund: 'prorated' } });

export const ChangePlanSchema = z
  .object({ planId: z.string().min(1) })
  .strict()
  .openapi('ChangePlan', { example: { planId: 'yearly' } });

export const IdParam = z.object({ id: z.string().min(1) });
