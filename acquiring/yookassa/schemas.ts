import { z } from 'zod';

// Wire shapes of YooKassa API v3 answers and notifications, written for the adapter alone (the sandbox keeps its
// own). Objects are loose: YooKassa adds fields over time.

export const PAYMENT_STATUSES = ['pending', 'waiting_for_capture', 'succeeded', 'canceled'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export const REFUND_STATUSES = ['pending', 'succeeded', 'canceled'] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

export const amountSchema = z.looseObject({ value: z.string(), currency: z.string().min(1) });
export type WireAmount = z.infer<typeof amountSchema>;

const cancellationSchema = z.looseObject({ party: z.string().optional(), reason: z.string() });
export type CancellationDetails = z.infer<typeof cancellationSchema>;

const metadataSchema = z.record(z.string(), z.unknown()).nullish();

export const paymentSchema = z.looseObject({
  id: z.string().min(1),
  status: z.enum(PAYMENT_STATUSES),
  paid: z.boolean().optional(),
  amount: amountSchema,
  created_at: z.string(),
  description: z.string().nullish(),
  metadata: metadataSchema,
  confirmation: z.looseObject({ type: z.string(), confirmation_url: z.string().optional() }).nullish(),
  payment_method: z
    .looseObject({
      type: z.string(),
      id: z.string().optional(),
      saved: z.boolean().optional(),
      card: z.looseObject({ last4: z.string().optional(), first6: z.string().optional() }).nullish(),
    })
    .nullish(),
  cancellation_details: cancellationSchema.nullish(),
  test: z.boolean().optional(),
});
export type Payment = z.infer<typeof paymentSchema>;

export const refundSchema = z.looseObject({
  id: z.string().min(1),
  payment_id: z.string().min(1),
  status: z.enum(REFUND_STATUSES),
  amount: amountSchema,
  created_at: z.string(),
  description: z.string().nullish(),
  metadata: metadataSchema,
  cancellation_details: cancellationSchema.nullish(),
});
export type Refund = z.infer<typeof refundSchema>;

/** A list page: `next_cursor` absent on the last one. Items are read one by one, so one bad item is named. */
export const listSchema = z.looseObject({
  type: z.literal('list').optional(),
  items: z.array(z.unknown()),
  next_cursor: z.string().nullish(),
});

export const errorSchema = z.looseObject({
  type: z.literal('error'),
  id: z.string().optional(),
  code: z.string(),
  description: z.string().optional(),
  parameter: z.string().optional(),
});
export type WireError = z.infer<typeof errorSchema>;

export const notificationSchema = z.looseObject({
  type: z.literal('notification'),
  event: z.string().min(1),
  object: z.looseObject({ id: z.string().min(1) }),
});
