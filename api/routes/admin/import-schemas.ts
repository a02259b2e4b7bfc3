import { z } from '@hono/zod-openapi';
import { E164_PHONE } from '../../../domain/customer-contact.js';

export const MAX_IMPORT_ROWS = 10_000;

const ImportedCardSchema = z.object({
  last4: z
    .string()
    .regex(/^\d{4}$/, 'four digits')
    .optional(),
  brand: z.string().min(1).max(32).optional(),
  expMonth: z.number().int().min(1).max(12).optional(),
  expYear: z.number().int().min(2000).max(2099).optional(),
});

export const ImportSubscriberSchema = z
  .object({
    externalId: z
      .string()
      .min(1)
      .max(128)
      .openapi({ description: "The old billing's id; a row sent again is not imported twice" }),
    userId: z.string().min(1).max(256),
    planId: z.string().min(1).max(128).openapi({ description: 'An existing plan (a retired one too)' }),
    currentPeriodEnd: z.iso.datetime({ offset: true }).openapi({
      description: 'When the period paid at the old billing ends: the first charge here. Must be in the future.',
    }),
    acquirer: z.string().min(1).max(64).optional().openapi({ description: 'Whose token it is; default `ACQUIRER`' }),
    cardToken: z.string().min(1).max(512).openapi({ description: "The acquirer's saved-card token for this user" }),
    cardLastFour: z
      .string()
      .regex(/^\d{4}$/, 'four digits')
      .optional()
      .openapi({ description: "The card's last four digits, shown to the user and to operators" }),
    card: ImportedCardSchema.optional().openapi({ description: 'More of the card, when the old billing kept it' }),
    customer: z
      .object({ email: z.email().max(254).optional(), phone: z.string().regex(E164_PHONE).optional() })
      .optional()
      .openapi({ description: 'Where receipts go' }),
  })
  .refine((row) => !row.cardLastFour || !row.card?.last4 || row.card.last4 === row.cardLastFour, {
    message: 'cardLastFour and card.last4 disagree',
    path: ['cardLastFour'],
  })
  .openapi('ImportSubscriber');

export const ImportRequestSchema = z
  .object({ items: z.array(ImportSubscriberSchema).min(1).max(MAX_IMPORT_ROWS) })
  .openapi('SubscriptionImportRequest');

export type ImportRequest = z.infer<typeof ImportRequestSchema>;

export const ImportJobSchema = z
  .object({
    id: z.string(),
    status: z.enum(['running', 'completed']),
    total: z.number().int(),
    imported: z.number().int(),
    alreadyImported: z.number().int(),
    failed: z.number().int(),
    errors: z.array(
      z.object({
        row: z.number().int().openapi({ description: 'Index of the row in `items`' }),
        externalId: z.string(),
        code: z.string().openapi({
          description:
            '`duplicate_external_id`, `plan_not_found`, `acquirer_not_configured`, `unsupported_currency`, ' +
            '`period_end_in_past`, `invalid_card_token`, `subscription_exists`',
        }),
        message: z.string(),
      }),
    ),
    createdAt: z.iso.datetime(),
    completedAt: z.iso.datetime().nullable(),
  })
  .openapi('SubscriptionImportJob');
