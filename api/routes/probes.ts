import { randomUUID } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import { WorkflowIdReusePolicy } from '@temporalio/client';
import { eq } from 'drizzle-orm';
import { probes } from '../../db/schema/index.js';
import { AppError, NotFoundError } from '../../domain/errors.js';
import { probeWorkflow } from '../../workflows/probe-workflow.js';
import { probeWorkflowId } from '../../workflows/workflow-ids.js';
import type { App, AppDeps } from '../app-env.js';
import { adminErrors, errorResponse } from '../schemas.js';

const ProbeSchema = z
  .object({
    id: z.string(),
    status: z.enum(['started', 'completed']),
    workflowId: z.string(),
    workerIdentity: z.string().nullable(),
    requestedBy: z.string(),
    createdAt: z.iso.datetime(),
    completedAt: z.iso.datetime().nullable(),
  })
  .openapi('Probe');

const json = { 'application/json': { schema: ProbeSchema } };

const runProbe = createRoute({
  operationId: 'runProbe',
  method: 'post',
  path: '/v1/admin/probes',
  tags: ['Admin'],
  summary: 'Round-trip probe: API → Temporal workflow → worker activity → database, read back',
  description: 'Starts `probeWorkflow` and answers once its activity has written the probe row, or 504 after 15 s.',
  security: [{ bearerAuth: [] }],
  responses: {
    201: { description: 'The probe row as written by the worker', content: json },
    ...adminErrors,
    504: errorResponse('The workflow did not finish in time'),
  },
});

const getProbe = createRoute({
  operationId: 'getProbe',
  method: 'get',
  path: '/v1/admin/probes/{id}',
  tags: ['Admin'],
  summary: 'Read a probe back',
  security: [{ bearerAuth: [] }],
  request: { params: z.object({ id: z.string().min(1) }) },
  responses: { 200: { description: 'The probe', content: json }, ...adminErrors, 404: errorResponse('No such probe') },
});

const PROBE_DEADLINE_MS = 15_000;

type ProbeRow = typeof probes.$inferSelect;
const toProbe = (row: ProbeRow) => ({
  id: row.id,
  status: row.status,
  workflowId: row.workflowId,
  workerIdentity: row.workerIdentity,
  requestedBy: row.requestedBy,
  createdAt: row.createdAt.toISOString(),
  completedAt: row.completedAt?.toISOString() ?? null,
});

export function registerProbeRoutes(app: App, { db, temporal, config }: AppDeps) {
  const readProbe = async (id: string) => {
    const [row] = await db.select().from(probes).where(eq(probes.id, id));
    if (!row) throw new NotFoundError('probe', id);
    return toProbe(row);
  };

  app.openapi(runProbe, async (c) => {
    const probeId = `prb_${randomUUID()}`;
    const workflowId = probeWorkflowId(probeId);
    const handle = await temporal.workflow.start(probeWorkflow, {
      workflowId,
      taskQueue: config.temporal.taskQueue,
      args: [{ probeId, requestedBy: c.get('principal').userId }],
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      workflowExecutionTimeout: '1 minute',
    });
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new AppError('probe_timeout', 'The probe workflow did not finish in time', 504, { workflowId })),
        PROBE_DEADLINE_MS,
      );
    });
    try {
      await Promise.race([handle.result(), deadline]);
    } finally {
      clearTimeout(timer);
    }
    return c.json(await readProbe(probeId), 201);
  });

  app.openapi(getProbe, async (c) => c.json(await readProbe(c.req.valid('param').id), 200));
}
