import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { endpointKey } from '../../activities/event-endpoint-key.js';
import { createApp } from '../../api/create-app.js';
import { auditLog } from '../../db/schema/index.js';
import { createLogger } from '../../observability/logger.js';
import { activeSubscription, billingClient, type Json, until } from '../support/billing-client.js';
import { type Harness, startHarness } from '../support/harness.js';
import { invariantsOfEachTest } from '../support/invariants.js';
import { type EventReceiver, startEventReceiver } from './event-receiver.js';

const SECRET = 'admin-events-secret-0123456789';

describe('admin event routes', () => {
  let h: Harness;
  afterEach(invariantsOfEachTest(() => h));
  let receiver: EventReceiver;
  let api: ReturnType<typeof billingClient>;
  beforeAll(async () => {
    receiver = await startEventReceiver(SECRET);
    h = await startHarness({
      EVENTS_URL: receiver.url,
      EVENTS_SECRET: SECRET,
      EVENTS_SWEEP_INTERVAL_SECONDS: '1',
      EVENTS_RETRY_INITIAL_SECONDS: '0.5',
      EVENTS_RETRY_MAX_SECONDS: '1',
    });
    api = billingClient(h);
  });
  afterAll(async () => {
    await h?.close();
    await receiver?.close();
  });

  const eventsOf = async (subscriptionId: string, query = '') =>
    (await api.call('GET', `/v1/admin/events?subscriptionId=${subscriptionId}${query}`, 'admin-ops')).body
      .items as Json[];

  it('redeliver answers 202, audits the admin, and the receiver gets the same id again', async () => {
    const sub = await activeSubscription(h, `user-redeliver-${randomUUID()}`, 'monthly');
    await until('the checkout events delivered', async () => {
      const items = await eventsOf(sub.id, '&delivered=true');
      return items.length === 3 ? true : undefined;
    });
    expect(await eventsOf(sub.id, '&delivered=false')).toEqual([]);
    const granted = (await eventsOf(sub.id)).find((e) => e.type === 'entitlement.granted');
    expect(granted.deliveries).toEqual([expect.objectContaining({ endpoint: receiver.url, lastStatus: 200 })]);

    const path = `/v1/admin/events/${granted.id}/redeliver`;
    expect((await api.call('POST', path, 'admin-ops', { reason: ' ' })).status).toBe(400);
    const res = await api.call('POST', path, 'admin-ops', { reason: 'the receiver restored a backup' });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ eventId: granted.id, workflowIds: [`events-${sub.id}-${endpointKey(receiver.url)}`] });
    await until('the grant acknowledged a second time', async () => {
      const acks = receiver.acknowledged().filter((e) => e.id === granted.id);
      return acks.length === 2 ? true : undefined;
    });
    const audit = await h.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, granted.id), eq(auditLog.action, 'event.redelivery_requested')));
    expect(audit.map((a) => [a.actor, a.reason])).toEqual([['admin-ops', 'the receiver restored a backup']]);
    await until('the outbox to show it delivered again', async () => {
      const [again] = (await eventsOf(sub.id, '&delivered=true')).filter((e) => e.id === granted.id);
      return again?.deliveries[0]?.attempts === 2 ? true : undefined;
    });
    // The reason is optional: a call without a body, as before, is still taken (and audited without one).
    expect((await api.call('POST', path, 'admin-ops')).status).toBe(202);
  });

  it('an unknown event id is 404 event_not_found', async () => {
    const res = await api.call('POST', '/v1/admin/events/evt_nope/redeliver', 'admin-ops');
    expect([res.status, res.body.error.code]).toEqual([404, 'event_not_found']);
  });

  it('list and redeliver are 401 without a token and 403 for a non-admin', async () => {
    for (const [method, path] of [
      ['GET', '/v1/admin/events?delivered=false'],
      ['POST', '/v1/admin/events/evt_x/redeliver'],
    ] as const) {
      const anonymous = await fetch(`${h.apiUrl}${path}`, { method });
      expect(anonymous.status).toBe(401);
      const viewer = await api.call(method, path, 'user-viewer');
      expect([viewer.status, viewer.body.error.code]).toEqual([403, 'forbidden']);
    }
  });

  it('an invalid delivered filter is 400 validation_failed', async () => {
    const res = await api.call('GET', '/v1/admin/events?delivered=maybe', 'admin-ops');
    expect([res.status, res.body.error.code]).toEqual([400, 'validation_failed']);
  });

  it('redeliver is 409 event_delivery_disabled when EVENTS_URL is empty', async () => {
    const config = { ...h.config, events: { ...h.config.events, endpoints: [] } };
    const app = createApp({
      config,
      db: h.database.db,
      temporal: h.client,
      logger: createLogger('silent'),
      acquirers: h.acquirers,
    });
    const res = await app.request('/v1/admin/events/evt_x/redeliver', {
      method: 'POST',
      headers: { authorization: `Bearer ${await h.token('admin-ops', { admin: true })}` },
    });
    expect(res.status).toBe(409);
    expect(((await res.json()) as Json).error.code).toBe('event_delivery_disabled');
  });
});
