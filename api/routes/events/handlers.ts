import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { and, asc, eq, inArray, isNotNull, isNull, type SQL } from 'drizzle-orm';
import { endpointKey } from '../../../activities/event-endpoint-key.js';
import { recordAudit } from '../../../db/audit.js';
import { eventDeliveries, eventOutbox } from '../../../db/schema/index.js';
import { ConflictError, NotFoundError } from '../../../domain/errors.js';
import { eventDeliveryWorkflow } from '../../../workflows/event-delivery-workflow.js';
import { eventDeliveryWorkflowId } from '../../../workflows/workflow-ids.js';
import type { App, AppDeps } from '../../app-env.js';
import { type ListOrder, readTablePage } from '../../pagination.js';
import { listEvents, redeliverEvent } from './routes.js';

type EventRow = typeof eventOutbox.$inferSelect;
type DeliveryRow = typeof eventDeliveries.$inferSelect;

const iso = (d: Date | null) => d?.toISOString() ?? null;

const toEvent = (e: EventRow, deliveries: DeliveryRow[]) => ({
  id: e.id,
  type: e.type,
  subscriptionId: e.subscriptionId,
  sequence: e.sequence,
  data: e.data,
  createdAt: e.createdAt.toISOString(),
  deliveredAt: iso(e.deliveredAt),
  attempts: e.attempts,
  lastError: e.lastError,
  deliveries: deliveries.map((d) => ({
    endpoint: d.endpoint,
    attempts: d.attempts,
    lastStatus: d.lastStatus,
    lastError: d.lastError,
    lastAttemptAt: iso(d.lastAttemptAt),
    deliveredAt: iso(d.deliveredAt),
  })),
});

/** Newest first, as every list of api.md (delivery keeps its own order); one transaction's events by sequence. */
const eventOrder = {
  table: eventOutbox,
  id: eventOutbox.id,
  keys: [eventOutbox.createdAt, eventOutbox.id],
  direction: 'desc',
} satisfies ListOrder;

/** Operators' view of outgoing events; `/v1/admin/*` is already behind the admin guard. */
export function registerEventRoutes(app: App, { db, temporal, config }: AppDeps) {
  app.openapi(listEvents, async (c) => {
    const query = c.req.valid('query');
    const { delivered, subscriptionId } = query;
    const filters: SQL[] = [];
    if (delivered !== undefined) {
      filters.push(delivered ? isNotNull(eventOutbox.deliveredAt) : isNull(eventOutbox.deliveredAt));
    }
    if (subscriptionId) filters.push(eq(eventOutbox.subscriptionId, subscriptionId));
    const page = await readTablePage(db, query, eventOrder, and(...filters));
    const events = page.rows;
    const ids = events.map((e) => e.id);
    const deliveries =
      ids.length === 0
        ? []
        : await db
            .select()
            .from(eventDeliveries)
            .where(inArray(eventDeliveries.eventId, ids))
            .orderBy(asc(eventDeliveries.endpoint));
    const items = events.map((e) =>
      toEvent(
        e,
        deliveries.filter((d) => d.eventId === e.id),
      ),
    );
    return c.json({ items, has_more: page.has_more }, 200);
  });

  app.openapi(redeliverEvent, async (c) => {
    const { id } = c.req.valid('param');
    if (config.events.endpoints.length === 0) {
      throw new ConflictError('event_delivery_disabled', 'Event delivery is off: EVENTS_URL is empty');
    }
    const actor = c.get('principal').userId;
    const { reason } = c.req.valid('json');
    const event = await db.transaction(async (tx) => {
      const [row] = await tx.select().from(eventOutbox).where(eq(eventOutbox.id, id)).for('update');
      // Every event belongs to a subscription's stream; one that does not could not be delivered in order.
      if (!row?.subscriptionId) throw new NotFoundError('event', id);
      await tx.update(eventOutbox).set({ deliveredAt: null }).where(eq(eventOutbox.id, id));
      await tx.update(eventDeliveries).set({ deliveredAt: null }).where(eq(eventDeliveries.eventId, id));
      await recordAudit(tx, {
        actor,
        action: 'event.redelivery_requested',
        entityType: 'event',
        entityId: id,
        reason,
        before: { deliveredAt: iso(row.deliveredAt) },
        after: { deliveredAt: null },
      });
      return { subscriptionId: row.subscriptionId };
    });
    const { subscriptionId } = event;
    const workflowIds = await Promise.all(
      config.events.endpoints.map(async (endpoint) => {
        const workflowId = eventDeliveryWorkflowId(subscriptionId, endpointKey(endpoint));
        try {
          await temporal.workflow.start(eventDeliveryWorkflow, {
            workflowId,
            taskQueue: config.temporal.taskQueue,
            args: [{ subscriptionId, endpoint, retry: config.events.retry }],
          });
        } catch (error) {
          // Already delivering: it reads the outbox again before it ends; the sweep is the fallback either way.
          if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
        }
        return workflowId;
      }),
    );
    return c.json({ eventId: id, workflowIds }, 202);
  });
}
