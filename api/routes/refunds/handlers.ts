import { createHash } from 'node:crypto';
import { WithStartWorkflowOperation, WorkflowIdReusePolicy } from '@temporalio/client';
import { and, eq, type SQL } from 'drizzle-orm';
import { payments, refunds } from '../../../db/schema/index.js';
import { AppError, ForbiddenError, NotFoundError } from '../../../domain/errors.js';
import { decideRefundUpdate, openRefundUpdate } from '../../../workflows/refund/messages.js';
import type { RefundRequest } from '../../../workflows/refund/types.js';
import { refundWorkflow } from '../../../workflows/refund-workflow.js';
import { refundWorkflowId } from '../../../workflows/workflow-ids.js';
import type { App, AppDeps } from '../../app-env.js';
import { createIdempotentRoutes } from '../../idempotent-route.js';
import { type ListOrder, readPage } from '../../pagination.js';
import { mapUpdateErrors } from '../../temporal-errors.js';
import { refuseWhileCharging } from './charge-guard.js';
import { approveRefund, createRefund, getRefund, listRefunds, rejectRefund } from './routes.js';

/** The refund id is derived from the payment and the Idempotency-Key, so a retried request is the same refund. */
const refundIdFor = (paymentId: string, key: string) =>
  `ref_${createHash('sha256').update(`${paymentId}\n${key}`).digest('hex').slice(0, 24)}`;

type Row = { refund: typeof refunds.$inferSelect; subscriptionId: string; acquirer: string };

const toRefund = ({ refund: r, subscriptionId, acquirer }: Row) => ({
  id: r.id,
  paymentId: r.paymentId,
  subscriptionId,
  amount: r.amount,
  currency: r.currency,
  status: r.status,
  reason: r.reason,
  acquirer,
  providerTransactionId: r.providerTransactionId,
  failureReason: r.failureReason,
  requestedBy: r.requestedBy,
  decidedBy: r.decidedBy,
  approvalDeadline: r.approvalDeadline?.toISOString() ?? null,
  receipt: r.receipt ?? null,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

const refundOrder: ListOrder = {
  table: refunds,
  id: refunds.id,
  keys: [refunds.createdAt, refunds.id],
  direction: 'desc',
};

/** Admin-only, guarded before validation (see access-policy.ts); the create handler checks the role again. */
export function registerRefundRoutes(app: App, deps: AppDeps) {
  const { db, temporal, config } = deps;
  const idempotent = createIdempotentRoutes(deps);
  const selectRefunds = (where: SQL | undefined) =>
    db
      .select({ refund: refunds, subscriptionId: payments.subscriptionId, acquirer: payments.provider })
      .from(refunds)
      .innerJoin(payments, eq(refunds.paymentId, payments.id))
      .where(where);
  const loadRefund = async (id: string) => {
    const [row] = await selectRefunds(eq(refunds.id, id));
    if (!row) throw new NotFoundError('refund', id);
    return row;
  };

  app.openapi(createRefund, async (c) => {
    const principal = c.get('principal');
    if (!principal.isAdmin) throw new ForbiddenError();
    const paymentId = c.req.valid('param').id;
    const input = c.req.valid('json');
    const result = await idempotent(c, { body: input, required: true }, async (key) => {
      const [payment] = await db
        .select({ id: payments.id, subscriptionId: payments.subscriptionId })
        .from(payments)
        .where(eq(payments.id, paymentId));
      if (!payment) throw new NotFoundError('payment', paymentId);
      await refuseWhileCharging(temporal, payment.subscriptionId);
      const request: RefundRequest = {
        refundId: refundIdFor(paymentId, key),
        paymentId,
        amount: input.amount ?? null,
        reason: input.reason,
        requestedBy: principal.userId,
        approvalThreshold: config.refunds.approvalThreshold,
        approvalTimeoutMs: config.refunds.approvalTimeoutMs,
      };
      // Every step is keyed by the refund id, so a new run for an ended one only reads back what happened.
      const start = new WithStartWorkflowOperation(refundWorkflow, {
        workflowId: refundWorkflowId(request.refundId),
        taskQueue: config.temporal.taskQueue,
        args: [request],
        workflowIdConflictPolicy: 'USE_EXISTING',
        workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
      });
      await mapUpdateErrors(() =>
        temporal.workflow.executeUpdateWithStart(openRefundUpdate, { startWorkflowOperation: start }),
      );
      return { status: 202, body: toRefund(await loadRefund(request.refundId)) };
    });
    return c.json(result.body as never, 202);
  });

  app.openapi(listRefunds, async (c) => {
    const query = c.req.valid('query');
    const filters: SQL[] = [];
    if (query.paymentId) filters.push(eq(refunds.paymentId, query.paymentId));
    if (query.subscriptionId) filters.push(eq(payments.subscriptionId, query.subscriptionId));
    if (query.status) filters.push(eq(refunds.status, query.status));
    const page = await readPage(query, refundOrder, and(...filters), (where, orderBy, limit) =>
      selectRefunds(where)
        .orderBy(...orderBy)
        .limit(limit),
    );
    return c.json({ items: page.rows.map(toRefund), has_more: page.has_more }, 200);
  });

  app.openapi(getRefund, async (c) => c.json(toRefund(await loadRefund(c.req.valid('param').id)), 200));

  for (const [route, approved] of [
    [approveRefund, true],
    [rejectRefund, false],
  ] as const) {
    app.openapi(route, async (c) => {
      const row = await loadRefund(c.req.valid('param').id);
      const input = c.req.valid('json');
      const decision = { approved, actor: c.get('principal').userId, reason: input?.reason };
      const result = await idempotent(c, { body: input ?? null }, async () => {
        // Maker-checker: whoever asked for a refund cannot approve it (withdrawing it, a reject, is theirs to do).
        if (approved && decision.actor === row.refund.requestedBy) throw secondOperatorRequired(row.refund.requestedBy);
        await mapUpdateErrors(
          () =>
            temporal.workflow
              .getHandle(refundWorkflowId(row.refund.id))
              .executeUpdate(decideRefundUpdate, { args: [decision] }),
          { operation: 'decide refund', current: row.refund.status, expected: ['awaiting_approval'] },
        );
        return { status: 200, body: toRefund(await loadRefund(row.refund.id)) };
      });
      return c.json(result.body as never, 200);
    });
  }
}

const secondOperatorRequired = (requestedBy: string) =>
  new AppError(
    'approval_requires_second_operator',
    'A refund is approved by another operator than the one who requested it',
    403,
    { requestedBy },
  );
