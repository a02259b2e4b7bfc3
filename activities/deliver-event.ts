import { ApplicationFailure } from '@temporalio/activity';
import { eq, sql } from 'drizzle-orm';
import type { Database } from '../db/create-db.js';
import { eventDeliveries, eventOutbox } from '../db/schema/index.js';
import { FAILURE_TYPES } from './activity-errors.js';
import { completeEventIfDelivered } from './event-deliveries.js';
import { billingSignature } from './event-signature.js';

export interface DeliverEventDeps {
  db: Database;
  now: () => Date;
  events: { endpoints: readonly string[]; secrets: readonly string[]; timeoutMs: number };
}

interface AttemptOutcome {
  status: number | null;
  error: string | null;
}

type EventRow = typeof eventOutbox.$inferSelect;

/** The wire format of `api.md` ("Outgoing events"), with the subscription's sequence so receivers can order. */
export const eventBody = (e: EventRow) =>
  JSON.stringify({
    id: e.id,
    type: e.type,
    createdAt: e.createdAt.toISOString(),
    data: e.data,
    subscriptionId: e.subscriptionId,
    sequence: e.sequence,
  });

/** What went wrong, without the request (its headers carry the signature). */
function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const detail = cause?.code ?? cause?.message;
  return `${error.name}: ${error.message}${detail ? ` (${detail})` : ''}`.slice(0, 500);
}

export function createDeliverEventActivity({ db, now, events }: DeliverEventDeps) {
  const post = async (endpoint: string, event: EventRow): Promise<AttemptOutcome> => {
    const body = eventBody(event);
    try {
      const res = await fetch(endpoint, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(events.timeoutMs),
        headers: {
          'content-type': 'application/json',
          'billing-event-id': event.id,
          'billing-signature': billingSignature(events.secrets, body, Math.floor(now().getTime() / 1000)),
        },
        body,
      });
      await res.body?.cancel();
      return { status: res.status, error: res.ok ? null : `HTTP ${res.status}` };
    } catch (error) {
      return { status: null, error: describeFailure(error) };
    }
  };

  const record = (eventId: string, endpoint: string, outcome: AttemptOutcome) =>
    db.transaction(async (tx) => {
      const at = now();
      const delivered = outcome.error === null;
      const attempt = { lastStatus: outcome.status, lastError: outcome.error, lastAttemptAt: at };
      await tx
        .insert(eventDeliveries)
        .values({ eventId, endpoint, attempts: 1, ...attempt, deliveredAt: delivered ? at : null })
        .onConflictDoUpdate({
          target: [eventDeliveries.eventId, eventDeliveries.endpoint],
          set: {
            attempts: sql`${eventDeliveries.attempts} + 1`,
            ...attempt,
            ...(delivered ? { deliveredAt: at } : {}),
          },
        });
      await tx
        .update(eventOutbox)
        .set({ attempts: sql`${eventOutbox.attempts} + 1`, lastError: outcome.error })
        .where(eq(eventOutbox.id, eventId));
      if (delivered) await completeEventIfDelivered(tx, eventId, events.endpoints, at);
    });

  return {
    /**
     * POSTs one event to one endpoint, signed, and records the attempt. Anything but 2xx (or no answer) fails the
     * activity with `event_delivery_failed`, so Temporal retries it with backoff; the event keeps its id.
     */
    async deliverEvent({ eventId, endpoint }: { eventId: string; endpoint: string }): Promise<{ status: number }> {
      const [event] = await db.select().from(eventOutbox).where(eq(eventOutbox.id, eventId));
      if (!event) throw ApplicationFailure.nonRetryable(`event ${eventId} does not exist`, FAILURE_TYPES.eventNotFound);
      const outcome = await post(endpoint, event);
      await record(eventId, endpoint, outcome);
      if (outcome.error !== null || outcome.status === null) {
        throw ApplicationFailure.retryable(
          `endpoint did not acknowledge event ${eventId}: ${outcome.error}`,
          FAILURE_TYPES.eventDeliveryFailed,
          { endpoint, status: outcome.status },
        );
      }
      return { status: outcome.status };
    },
  };
}
