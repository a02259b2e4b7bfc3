import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { endpointKey } from '../../activities/event-endpoint-key.js';
import { eventDeliveries, eventOutbox } from '../../db/schema/index.js';
import type { BillingEvent } from '../../receivers/billing-events.js';
import { eventDispatchScheduleId } from '../../workflows/workflow-ids.js';
import { activeSubscription, billingClient, until } from '../support/billing-client.js';
import { type Harness, startHarness } from '../support/harness.js';
import { invariantsOfEachTest } from '../support/invariants.js';
import { type EventReceiver, startEventReceiver } from './event-receiver.js';

const SECRET = 'events-test-secret-0123456789';

describe('outgoing events reach every endpoint, signed, in sequence order', () => {
  let h: Harness;
  afterEach(invariantsOfEachTest(() => h));
  let a: EventReceiver;
  let b: EventReceiver;
  beforeAll(async () => {
    [a, b] = await Promise.all([startEventReceiver(SECRET), startEventReceiver(SECRET)]);
    h = await startHarness({
      EVENTS_URL: `${a.url},${b.url}`,
      EVENTS_SECRET: SECRET,
      EVENTS_SWEEP_INTERVAL_SECONDS: '1',
      EVENTS_RETRY_INITIAL_SECONDS: '0.5',
      EVENTS_RETRY_MAX_SECONDS: '1',
    });
  });
  afterAll(async () => {
    await h?.close();
    await Promise.all([a?.close(), b?.close()]);
  });

  const of = (events: BillingEvent[], subscriptionId: string) =>
    events.filter((e) => e.subscriptionId === subscriptionId);
  const typesOf = (events: BillingEvent[]) => events.map((e) => e.type);
  const waitForAcks = (receiver: EventReceiver, subscriptionId: string, count: number, timeoutMs = 30_000) =>
    until(
      `${count} events of ${subscriptionId} acknowledged`,
      async () => {
        const acked = of(receiver.acknowledged(), subscriptionId);
        return acked.length >= count ? acked : undefined;
      },
      timeoutMs,
    );

  /** Waits for a run of the dispatch schedule that started after `mark` to finish. */
  const sweepCompletedAfter = async (mark: Date) => {
    const schedule = h.client.schedule.getHandle(eventDispatchScheduleId(h.config.temporal.taskQueue));
    const action = await until('a sweep after the mark', async () => {
      const { info } = await schedule.describe();
      return info.recentActions.find((r) => r.takenAt > mark);
    });
    await h.client.workflow.getHandle(action.action.workflow.workflowId).result();
  };
  const refusedAt = (receiver: EventReceiver, subscriptionId: string, count: number) =>
    until(`${count} refused attempts`, async () => {
      const tried = receiver.requests.filter((r) => r.event?.subscriptionId === subscriptionId && r.status === 503);
      return tried.length >= count ? tried : undefined;
    });

  it("a checkout's events reach both endpoints with signatures the receivers' kit verifies, in sequence", async () => {
    const sub = await activeSubscription(h, `user-events-${randomUUID()}`, 'monthly');
    for (const receiver of [a, b]) {
      const acked = await waitForAcks(receiver, sub.id, 3);
      expect(typesOf(acked)).toEqual(['payment.succeeded', 'subscription.activated', 'entitlement.granted']);
      expect(acked.map((e) => e.sequence)).toEqual([1, 2, 3]);
      const requests = receiver.requests.filter((r) => r.event?.subscriptionId === sub.id);
      expect(requests.every((r) => r.headers['billing-event-id'] === r.event?.id && !r.verifyError)).toBe(true);
      expect(acked[2]?.data).toMatchObject({ userId: sub.userId, subscriptionId: sub.id, role: expect.any(String) });
    }
    const rows = await h.database.db.select().from(eventOutbox).where(eq(eventOutbox.subscriptionId, sub.id));
    await until('the outbox to mark all three delivered', async () => {
      const fresh = await h.database.db.select().from(eventOutbox).where(eq(eventOutbox.subscriptionId, sub.id));
      return fresh.every((e) => e.deliveredAt !== null) ? true : undefined;
    });
    const deliveries = await h.database.db
      .select()
      .from(eventDeliveries)
      .where(eq(eventDeliveries.eventId, rows[0]?.id ?? ''));
    expect(deliveries.map((d) => [d.endpoint, d.lastStatus, d.deliveredAt !== null]).sort()).toEqual(
      [
        [a.url, 200, true],
        [b.url, 200, true],
      ].sort(),
    );
  });

  it('an endpoint answering 503 gets every event once back, each id acknowledged once, grant before revoke; the other endpoint is not held up', async () => {
    a.answer(503);
    const user = `user-down-${randomUUID()}`;
    const sub = await activeSubscription(h, user, 'monthly');
    await waitForAcks(b, sub.id, 3);
    // Written after B drained the checkout's events, while A is still refusing the first one.
    const cancel = await billingClient(h).call('POST', `/v1/subscriptions/${sub.id}/cancel`, user, {
      mode: 'immediately',
    });
    expect(cancel.status).toBe(200);
    // B is up: it gets all five while A is down.
    const onB = await waitForAcks(b, sub.id, 5);
    expect(typesOf(onB)).toContain('entitlement.revoked');
    expect(of(a.acknowledged(), sub.id)).toEqual([]);
    // A is retried on the first event of the stream only: nothing overtakes it.
    const refused = await refusedAt(a, sub.id, 3);
    expect(new Set(refused.map((r) => r.event?.sequence))).toEqual(new Set([1]));
    expect(new Set(refused.map((r) => r.headers['billing-event-id']))).toEqual(new Set([refused[0]?.event?.id]));

    const admin = billingClient(h);
    const listed = await admin.call('GET', `/v1/admin/events?delivered=false&subscriptionId=${sub.id}`, 'admin-ops');
    expect(listed.status).toBe(200);
    expect(listed.body.items).toHaveLength(5);
    // Newest first: the first event, the one stuck at A, is listed last.
    const stuck = listed.body.items.at(-1);
    const atA = stuck.deliveries.find((d: { endpoint: string }) => d.endpoint === a.url);
    expect(atA).toMatchObject({ lastStatus: 503, lastError: 'HTTP 503', deliveredAt: null });
    expect(atA.attempts).toBeGreaterThanOrEqual(3);

    a.answer(200);
    const onA = await waitForAcks(a, sub.id, 5);
    const ids = onA.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    const bySequence = [...onA].sort((x, y) => (x.sequence ?? 0) - (y.sequence ?? 0));
    expect(bySequence.map((e) => e.sequence)).toEqual([1, 2, 3, 4, 5]);
    const granted = onA.find((e) => e.type === 'entitlement.granted');
    const revoked = onA.find((e) => e.type === 'entitlement.revoked');
    expect(granted?.sequence).toBeLessThan(revoked?.sequence ?? 0);
    expect(ids.indexOf(granted?.id ?? '')).toBeLessThan(ids.indexOf(revoked?.id ?? ''));
    await until('no undelivered event left for the subscription', async () => {
      const res = await admin.call('GET', `/v1/admin/events?delivered=false&subscriptionId=${sub.id}`, 'admin-ops');
      return res.body.items.length === 0 ? true : undefined;
    });
    // Still one acknowledgement per id after a later sweep has run to completion.
    await sweepCompletedAfter(new Date());
    const ackedAgain = of(a.acknowledged(), sub.id).map((e) => e.id);
    expect(ackedAgain).toEqual(ids);
  }, 90_000);

  it('a delivery workflow terminated while retrying loses nothing: the next sweep starts again from the same event', async () => {
    a.answer(503);
    const sub = await activeSubscription(h, `user-terminated-${randomUUID()}`, 'monthly');
    const [first] = await refusedAt(a, sub.id, 2);
    await h.client.workflow.getHandle(`events-${sub.id}-${endpointKey(a.url)}`).terminate('test: delivery lost');
    a.answer(200);
    const onA = await waitForAcks(a, sub.id, 3);
    expect(onA.map((e) => e.sequence)).toEqual([1, 2, 3]);
    expect(onA[0]?.id).toBe(first?.event?.id);
  }, 60_000);
});
