import { createRoute, z } from '@hono/zod-openapi';
import { adminErrors, errorResponse } from '../../schemas.js';
import { ImportJobSchema, ImportRequestSchema, MAX_IMPORT_ROWS } from './import-schemas.js';

const admin = [{ bearerAuth: [] }];
const json = <T extends z.ZodType>(schema: T) => ({ 'application/json': { schema } });

export const IMPORT_PATH = '/v1/admin/subscriptions/import';

export const importSubscriptions = createRoute({
  operationId: 'importSubscriptions',
  method: 'post',
  path: IMPORT_PATH,
  tags: ['Admin'],
  summary: 'Import existing subscribers (old billing): active until their period end, then renewed by their card',
  description:
    `1..${MAX_IMPORT_ROWS} rows; the job runs in the background (\`subscription-import-<id>\`), in batches, and ` +
    'charges nobody before their `currentPeriodEnd`. Idempotent per `externalId`: a row imported before counts as ' +
    '`alreadyImported`. A bad row is reported in `errors` and the others go on.',
  security: admin,
  request: { body: { required: true, content: json(ImportRequestSchema) } },
  responses: {
    202: { description: 'The job, as accepted', content: json(ImportJobSchema) },
    ...adminErrors,
    413: errorResponse('`payload_too_large`'),
    422: errorResponse('`validation_failed`: the body is not a list of 1..10000 well-typed rows; nothing is stored'),
  },
});

export const getSubscriptionImport = createRoute({
  operationId: 'getSubscriptionImport',
  method: 'get',
  path: `${IMPORT_PATH}/{id}`,
  tags: ['Admin'],
  summary: "An import job's progress: counters so far and every row's error",
  security: admin,
  request: { params: z.object({ id: z.string().min(1) }) },
  responses: {
    200: { description: 'The job', content: json(ImportJobSchema) },
    ...adminErrors,
    404: errorResponse('`import_not_found`'),
  },
});
