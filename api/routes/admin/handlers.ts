import { and, eq, inArray, type SQL } from 'drizzle-orm';
import { auditLog, type subscriptions } from '../../../db/schema/index.js';
import { cancelSubscriptionUpdate, retryChargeNowUpdate } from '../../../workflows/subscription/messages.js';
import { subscriptionWorkflowId } from '../../../workflows/workflow-ids.js';
import type { App, AppDeps } from '../../app-env.js';
import { createIdempotentRoutes } from '../../idempotent-route.js';
import { type ListOrder, readTablePage } from '../../pagination.js';
import { createSubscriptionUpdates } from '../../workflow-answer.js';
import { loadVisibleSubscription, toSubscription } from '../subscriptions/views.js';
import { registerImportRoutes } from './import-handlers.js';
import { adminCancelSubscription, adminRetryCharge, listAudit } from './routes.js';

/** The log's serial id is its order; a cursor that is not one of its numbers cannot be an entry. */
const auditOrder = {
  table: auditLog,
  id: auditLog.id,
  keys: [auditLog.id],
  direction: 'desc',
  parseCursor: (raw) => (/^[1-9]\d{0,14}$/.test(raw) ? Number(raw) : undefined),
} satisfies ListOrder;

/** Operators' controls; `/v1/admin/*` is guarded for the admin role in create-app. */
export function registerAdminRoutes(app: App, deps: AppDeps) {
  const { db, temporal, config } = deps;
  registerImportRoutes(app, deps);
  const idempotent = createIdempotentRoutes(deps);
  const send = createSubscriptionUpdates(temporal, config.temporal.answerTimeoutMs);
  const update = <T>(
    row: typeof subscriptions.$inferSelect,
    operation: string,
    expected: readonly string[],
    operationKey: string,
    run: (updateId: string | undefined) => Promise<T>,
  ) => send(row, { operation, expected, operationKey, scope: 'admin' }, run);

  app.openapi(adminCancelSubscription, async (c) => {
    const principal = c.get('principal');
    const row = await loadVisibleSubscription(db, principal, c.req.valid('param').id);
    const input = c.req.valid('json');
    const { mode, refund, reason } = input;
    const result = await idempotent(c, { body: input }, async (operationKey) => {
      await update(row, `cancel (${mode})`, ['active', 'past_due'], operationKey, (updateId) =>
        temporal.workflow.getHandle(subscriptionWorkflowId(row.id)).executeUpdate(cancelSubscriptionUpdate, {
          args: [{ mode, refund, actor: principal.userId, adminReason: reason }],
          updateId,
        }),
      );
      return { status: 200, body: toSubscription(await loadVisibleSubscription(db, principal, row.id)) };
    });
    return c.json(result.body as never, 200);
  });

  app.openapi(adminRetryCharge, async (c) => {
    const principal = c.get('principal');
    const row = await loadVisibleSubscription(db, principal, c.req.valid('param').id);
    const input = c.req.valid('json');
    const result = await idempotent(c, { body: input }, async (operationKey) => {
      await update(row, 'retry the charge now', ['past_due'], operationKey, (updateId) =>
        temporal.workflow
          .getHandle(subscriptionWorkflowId(row.id))
          .executeUpdate(retryChargeNowUpdate, { args: [{ actor: principal.userId, reason: input.reason }], updateId }),
      );
      return { status: 200, body: toSubscription(await loadVisibleSubscription(db, principal, row.id)) };
    });
    return c.json(result.body as never, 200);
  });

  app.openapi(listAudit, async (c) => {
    const query = c.req.valid('query');
    const filters: SQL[] = [];
    if (query.entityType) filters.push(eq(auditLog.entityType, query.entityType));
    if (query.entityId !== undefined) filters.push(inArray(auditLog.entityId, [query.entityId].flat()));
    if (query.actor) filters.push(eq(auditLog.actor, query.actor));
    const page = await readTablePage(db, query, auditOrder, and(...filters));
    const items = page.rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
    return c.json({ items, has_more: page.has_more }, 200);
  });
}
