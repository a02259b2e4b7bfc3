// YooKassa's request bodies as the sandbox reads them (its own definitions: never shared with the adapter, so the
// contract suite cross-checks the two). Unknown fields are tolerated, as YooKassa adds fields over time.
import { z } from 'zod';
import { invalid } from './errors.js';

const PAYMENT_MODES = [
  'full_prepayment',
  'partial_prepayment',
  'advance',
  'full_payment',
  'partial_payment',
  'credit',
  'credit_payment',
] as const;

const wireAmount = z.looseObject({ value: z.union([z.string(), z.number()]), currency: z.string() });

export const metadataSchema = z
  .record(z.string().min(1).max(32), z.string().max(512))
  .refine((m) => Object.keys(m).length <= 16, 'Metadata object is limited to 16 keys');

export const receiptSchema = z
  .looseObject({
    customer: z
      .looseObject({
        email: z.email().optional(),
        phone: z
          .string()
          .regex(/^\+?\d{11,15}$/)
          .optional(),
        full_name: z.string().max(256).optional(),
        inn: z.string().optional(),
      })
      .optional(),
    email: z.email().optional(),
    phone: z.string().optional(),
    items: z
      .array(
        z.looseObject({
          description: z.string().min(1).max(128),
          quantity: z.union([z.number().positive(), z.string().regex(/^\d+(\.\d+)?$/)]),
          amount: wireAmount,
          vat_code: z.number().int().min(1).max(12),
          payment_subject: z.string().min(1).optional(),
          payment_mode: z.enum(PAYMENT_MODES).optional(),
          measure: z.string().optional(),
        }),
      )
      .min(1)
      .max(100),
    tax_system_code: z.number().int().min(1).max(6).optional(),
  })
  .refine((r) => Boolean(r.customer?.email || r.customer?.phone || r.email || r.phone), {
    message: 'Receipt customer email or phone is required',
    path: ['customer'],
  });
export type WireReceipt = z.infer<typeof receiptSchema>;

export const createPaymentSchema = z.looseObject({
  amount: wireAmount,
  capture: z.boolean().optional(),
  confirmation: z
    .looseObject({
      type: z.literal('redirect'),
      return_url: z.url().max(2048),
      enforce: z.boolean().optional(),
      locale: z.enum(['ru_RU', 'en_US']).optional(),
    })
    .optional(),
  payment_method_data: z.looseObject({ type: z.literal('bank_card') }).optional(),
  payment_method_id: z.string().min(1).optional(),
  payment_token: z.string().min(1).optional(),
  save_payment_method: z.boolean().optional(),
  description: z.string().max(128).optional(),
  metadata: metadataSchema.optional(),
  receipt: receiptSchema.optional(),
  merchant_customer_id: z.string().max(200).optional(),
});
export type CreatePaymentRequest = z.infer<typeof createPaymentSchema>;

export const capturePaymentSchema = z.looseObject({ amount: wireAmount.optional(), receipt: receiptSchema.optional() });

export const createRefundSchema = z.looseObject({
  payment_id: z.string().min(1),
  amount: wireAmount,
  description: z.string().max(250).optional(),
  receipt: receiptSchema.optional(),
  metadata: metadataSchema.optional(),
});
export type CreateRefundRequest = z.infer<typeof createRefundSchema>;

/** Parses a body with a schema; the first problem becomes a 400 naming the field at fault (`parameter`). */
export function parseWire<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const parameter = issue?.path.map(String).join('.') || undefined;
  throw invalid(
    parameter ? `Invalid parameter ${parameter}: ${issue?.message ?? ''}` : (issue?.message ?? 'Bad request'),
    parameter,
  );
}
