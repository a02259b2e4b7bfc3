import { randomUUID } from 'node:crypto';
import { WorkflowIdReusePolicy } from '@temporalio/client';
import { and, eq, type SQL } from 'drizzle-orm';
import { recordAudit } from '../../../db/audit.js';
import { reconciliationDiscrepancies } from '../../../db/schema/index.js';
import { NotFoundError } from '../../../domain/errors.js';
import { reconciliationWorkflow } from '../../../workflows/reconciliation-workflow.js';
import { reconciliationWorkflowId } from '../../../workflows/workflow-ids.js';
import type { App, AppDeps } from '../../app-env.js';
import { type ListOrder, readTablePage } from '../../pagination.js';
import { listDiscrepancies, resolveDiscrepancy, runReconciliation } from './routes.js';

const toDiscrepancy = (row: typeof reconciliationDiscrepancies.$inferSelect) => ({
  id: row.id,
  kind: row.kind,
  provider: row.provider,
  providerTransactionId: row.providerTransactionId,
  paymentId: row.paymentId,
  refundId: row.refundId,
  invoiceId: row.invoiceId,
  ours: row.ours,
  acquirer: row.acquirer,
  detectedAt: row.detectedAt.toISOString(),
  runId: row.runId,
  resolved: row.resolved,
  resolvedAt: row.resolvedAt?.toISOString() ?? null,
});

const discrepancyOrder = {
  table: reconciliationDiscrepancies,
  id: reconciliationDiscrepancies.id,
  keys: [reconciliationDiscrepancies.detectedAt, reconciliationDiscrepancies.id],
  direction: 'desc',
} satisfies ListOrder;

/** Operators' view of reconciliation; `/v1/admin/*` is already behind the admin guard. */
export function registerReconciliationRoutes(app: App, { db, temporal, config }: AppDeps) {
  app.openapi(listDiscrepancies, async (c) => {
    const query = c.req.valid('query');
    const { kind, resolved } = query;
    const filters: SQL[] = [];
    if (kind) filters.push(eq(reconciliationDiscrepancies.kind, kind));
    if (resolved !== undefined) filters.push(eq(reconciliationDiscrepancies.resolved, resolved));
    const page = await readTablePage(db, query, discrepancyOrder, and(...filters));
    return c.json({ items: page.rows.map(toDiscrepancy), has_more: page.has_more }, 200);
  });

  app.openapi(runReconciliation, async (c) => {
    const runId = `rec_${randomUUID()}`;
    const workflowId = reconciliationWorkflowId(runId);
    const requestedBy = c.get('principal').userId;
    await temporal.workflow.start(reconciliationWorkflow, {
      workflowId,
      taskQueue: config.temporal.taskQueue,
      args: [
        {
          runId,
          requestedBy,
          staleAfterSeconds: config.reconciliation.staleAfterSeconds,
          lookbackSeconds: config.reconciliation.lookbackSeconds,
        },
      ],
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      workflowExecutionTimeout: '1 hour',
    });
    await recordAudit(db, {
      actor: requestedBy,
      action: 'reconciliation.requested',
      entityType: 'reconciliation_run',
      entityId: runId,
      after: { workflowId },
    });
    return c.json({ runId, workflowId }, 202);
  });

  app.openapi(resolveDiscrepancy, async (c) => {
    const { id } = c.req.valid('param');
    const { reason } = c.req.valid('json');
    const actor = c.get('principal').userId;
    const row = await db.transaction(async (tx) => {
      const [found] = await tx
        .select()
        .from(reconciliationDiscrepancies)
        .where(eq(reconciliationDiscrepancies.id, id))
        .for('update');
      if (!found) throw new NotFoundError('discrepancy', id);
      if (found.resolved) return found;
      const [resolved] = await tx
        .update(reconciliationDiscrepancies)
        .set({ resolved: true, resolvedAt: new Date() })
        .where(eq(reconciliationDiscrepancies.id, id))
        .returning();
      await recordAudit(tx, {
        actor,
        action: 'discrepancy.resolved',
        entityType: 'discrepancy',
        entityId: id,
        reason,
        before: { resolved: false },
        after: { resolved: true },
      });
      return resolved ?? found;
    });
    return c.json(toDiscrepancy(row), 200);
  });
}
