// The fiscal receipt (54-FZ) a payment or refund was sent with, as the API shows it (acquiring/receipt.ts).
import { z } from '@hono/zod-openapi';
import { PAYMENT_MODES, PAYMENT_SUBJECTS, VAT_RATES } from '../acquiring/receipt.js';

const ReceiptItemSchema = z
  .object({
    description: z.string().max(128),
    quantity: z.number(),
    amount: z.number().int().openapi({ description: 'Price per unit, minor units' }),
    currency: z.string(),
    vat: z.enum(VAT_RATES as [string, ...string[]]).openapi({ description: 'VAT rate (tag 1199)' }),
    subject: z.enum(PAYMENT_SUBJECTS as [string, ...string[]]).openapi({ description: 'Payment subject (tag 1212)' }),
    mode: z.enum(PAYMENT_MODES as [string, ...string[]]).openapi({ description: 'Payment mode (tag 1214)' }),
  })
  .openapi('ReceiptItem');

export const ReceiptSchema = z
  .object({
    kind: z
      .enum(['income', 'income_return'])
      .openapi({ description: '`income`: a payment; `income_return`: a refund' }),
    customer: z.object({ email: z.string().optional(), phone: z.string().optional() }),
    items: z.array(ReceiptItemSchema),
    taxSystem: z.number().int().min(0).max(5).optional().openapi({ description: 'Taxation system (tag 1055)' }),
  })
  .openapi('Receipt', {
    description: 'The fiscal receipt (54-FZ) sent to the acquirer with the operation; the items add up to its amount.',
  });
