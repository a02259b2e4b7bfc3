import { createRoute, z } from '@hono/zod-openapi';
import { pageErrors, pageQuery } from '../../pagination.js';
import { adminErrors, errorResponse } from '../../schemas.js';
import { CreatePlanSchema, PlanListSchema, PlanSchema, UpdatePlanSchema } from './schemas.js';

const planJson = { 'application/json': { schema: PlanSchema } };
const admin = [{ bearerAuth: [] }];

export const listPlans = createRoute({
  operationId: 'listPlans',
  method: 'get',
  path: '/v1/plans',
  tags: ['Plans'],
  summary: 'Active plans, cheapest first',
  request: { query: z.object(pageQuery) },
  responses: {
    200: { description: 'Plans on sale', content: { 'application/json': { schema: PlanListSchema } } },
    ...pageErrors,
  },
});

export const createPlan = createRoute({
  operationId: 'createPlan',
  method: 'post',
  path: '/v1/plans',
  tags: ['Plans'],
  summary: 'Create a plan (a price change is a new plan)',
  security: admin,
  request: { body: { required: true, content: { 'application/json': { schema: CreatePlanSchema } } } },
  responses: {
    201: { description: 'Created', content: planJson },
    ...adminErrors,
    409: errorResponse('`plan_exists`'),
    422: errorResponse('`unsupported_currency`: no configured acquirer accepts the currency'),
  },
});

export const updatePlan = createRoute({
  operationId: 'updatePlan',
  method: 'patch',
  path: '/v1/plans/{id}',
  tags: ['Plans'],
  summary: 'Rename a plan or take it on/off sale',
  security: admin,
  request: {
    params: z.object({ id: z.string().min(1) }),
    body: { required: true, content: { 'application/json': { schema: UpdatePlanSchema } } },
  },
  responses: {
    200: { description: 'Updated', content: planJson },
    ...adminErrors,
    404: errorResponse('`plan_not_found`'),
    422: errorResponse(
      '`unsupported_currency`: the plan cannot be on sale, no configured acquirer accepts its currency',
    ),
  },
});
