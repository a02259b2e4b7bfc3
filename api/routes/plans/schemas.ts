import { z } from '@hono/zod-openapi';
import { PERIOD_UNITS } from '../../../db/schema/index.js';
import { pageOf } from '../../pagination.js';

export const PlanSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    amount: z.number().int().openapi({ description: 'Price in minor units', example: 29900 }),
    currency: z.string().openapi({ example: 'RUB' }),
    period: z.object({ unit: z.enum(PERIOD_UNITS), count: z.number().int() }),
    role: z.string(),
    active: z.boolean(),
  })
  .openapi('Plan', {
    example: {
      id: 'monthly',
      name: 'Monthly',
      amount: 29900,
      currency: 'RUB',
      period: { unit: 'month', count: 1 },
      role: 'subscriber',
      active: true,
    },
  });

export const CreatePlanSchema = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'lowercase letters, digits and dashes, 2-63 characters')
      .optional()
      .openapi({ description: 'Optional readable id; generated when absent', example: 'monthly-2027' }),
    name: z.string().trim().min(1).max(200),
    amount: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
    currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as RUB'),
    period: z.object({ unit: z.enum(PERIOD_UNITS), count: z.number().int().min(1).max(1000) }),
    role: z.string().trim().min(1).max(100).default('subscriber'),
    active: z.boolean().default(true),
    dunningScheduleSeconds: z
      .array(z.number().int().positive())
      .min(1)
      .max(10)
      .optional()
      .openapi({ description: 'Retry offsets after the first failed renewal, in seconds' }),
  })
  .strict()
  .openapi('CreatePlan', {
    example: { id: 'family-2027', name: 'Family', amount: 49900, currency: 'RUB', period: { unit: 'month', count: 1 } },
  });

export const UpdatePlanSchema = z
  .object({ name: z.string().trim().min(1).max(200).optional(), active: z.boolean().optional() })
  .strict()
  .refine((v) => v.name !== undefined || v.active !== undefined, 'give at least one of name, active')
  .openapi('UpdatePlan', { example: { active: false } });

export const PlanListSchema = pageOf(PlanSchema).openapi('PlanList');
