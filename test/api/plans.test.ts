import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema/index.js';
import { type Harness, startHarness } from '../support/harness.js';
import { body } from '../support/http.js';

describe('plans API', () => {
  let h: Harness;
  let admin: Record<string, string>;
  const newPlan = (over: Record<string, unknown> = {}) => ({
    id: `plan-${randomUUID().slice(0, 8)}`,
    name: 'Family',
    amount: 49900,
    currency: 'RUB',
    period: { unit: 'month', count: 1 },
    ...over,
  });
  const create = (plan: object, headers = admin) =>
    h.app.request('/v1/plans', {
      method: 'POST',
      body: JSON.stringify(plan),
      headers: { ...headers, 'content-type': 'application/json' },
    });

  beforeAll(async () => {
    h = await startHarness({ SHORT_PERIODS_ENABLED: 'false' });
    admin = { authorization: `Bearer ${await h.token('op-7', { admin: true })}` };
  });
  afterAll(async () => {
    await h?.close();
  });

  it('GET /v1/plans lists the seeded catalogue to anyone, without a token', async () => {
    const res = await h.app.request('/v1/plans');
    expect(res.status).toBe(200);
    const ids = (await body(res)).items.map((p: { id: string }) => p.id);
    expect(ids).toEqual(expect.arrayContaining(['monthly', 'quarterly', 'half-year', 'yearly']));
    const monthly = (await body(await h.app.request('/v1/plans'))).items.find(
      (p: { id: string }) => p.id === 'monthly',
    );
    expect(monthly).toEqual({
      id: 'monthly',
      name: 'Monthly',
      amount: 29900,
      currency: 'RUB',
      period: { unit: 'month', count: 1 },
      role: 'subscriber',
      active: true,
    });
  });

  it('an admin creates a plan (201, defaults filled) and the change is audited with the actor', async () => {
    const plan = newPlan();
    const res = await create(plan);
    expect(res.status).toBe(201);
    expect(await body(res)).toEqual({ ...plan, role: 'subscriber', active: true });
    const audit = await h.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, plan.id), eq(auditLog.action, 'plan.created')));
    expect(audit.map((a) => a.actor)).toEqual(['op-7']);
  });

  it('the same id twice is 409 plan_exists', async () => {
    const plan = newPlan();
    expect((await create(plan)).status).toBe(201);
    const again = await create({ ...plan, amount: 1 });
    expect(again.status).toBe(409);
    expect((await body(again)).error.code).toBe('plan_exists');
  });

  it('minute periods are refused with 400 when short periods are disabled', async () => {
    const res = await create(newPlan({ period: { unit: 'minute', count: 1 } }));
    expect(res.status).toBe(400);
    expect((await body(res)).error.details.fields[0].path).toBe('json.period.unit');
  });

  it('PATCH takes a plan off sale, so it leaves the public list, and records before/after', async () => {
    const plan = newPlan();
    await create(plan);
    const res = await h.app.request(`/v1/plans/${plan.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ active: false }),
      headers: { ...admin, 'content-type': 'application/json' },
    });
    expect(res.status).toBe(200);
    expect((await body(res)).active).toBe(false);
    const listed = (await body(await h.app.request('/v1/plans'))).items.map((p: { id: string }) => p.id);
    expect(listed).not.toContain(plan.id);
    const [entry] = await h.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, plan.id), eq(auditLog.action, 'plan.updated')));
    expect([entry?.before?.active, entry?.after?.active]).toEqual([true, false]);
  });

  it('PATCH of an unknown plan is 404 plan_not_found; an empty patch is 400', async () => {
    const patch = (id: string, payload: object) =>
      h.app.request(`/v1/plans/${id}`, {
        method: 'PATCH',
        body: JSON.stringify(payload),
        headers: { ...admin, 'content-type': 'application/json' },
      });
    const missing = await patch('no-such-plan', { name: 'x' });
    expect([missing.status, (await body(missing)).error.code]).toEqual([404, 'plan_not_found']);
    const empty = await patch('monthly', {});
    expect([empty.status, (await body(empty)).error.code]).toEqual([400, 'validation_failed']);
  });

  it('writes need a token (401) and the admin role (403)', async () => {
    expect((await create(newPlan(), {})).status).toBe(401);
    const viewer = { authorization: `Bearer ${await h.token('viewer')}` };
    expect((await create(newPlan(), viewer)).status).toBe(403);
    const patch = await h.app.request('/v1/plans/monthly', {
      method: 'PATCH',
      body: '{"name":"x"}',
      headers: { ...viewer, 'content-type': 'application/json' },
    });
    expect(patch.status).toBe(403);
  });
});
