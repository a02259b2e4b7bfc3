import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError } from '@temporalio/client';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscriptionIdFor } from '../../api/routes/subscriptions/subscribe.js';
import { idempotencyKeys, plans, subscriptions } from '../../db/schema/index.js';
import { subscriptionWorkflowId } from '../../workflows/workflow-ids.js';
import { activeSubscription, billingClient } from '../support/billing-client.js';
import { type Harness, startHarness } from '../support/harness.js';

/**
 * A price nobody can pay is refused where it is written and where it would be bought. Before, such a plan was
 * accepted, and subscribing to it answered 500 and left a pending subscription that blocked every later subscribe.
 * XTS is ISO 4217's code for testing: well-formed, and taken by no acquirer.
 */
describe('a plan in a currency no configured acquirer takes', () => {
  let h: Harness;
  let api: ReturnType<typeof billingClient>;
  const leftover = `xts-${randomUUID().slice(0, 8)}`;
  const newPlan = (over: Record<string, unknown> = {}) => ({
    id: `plan-${randomUUID().slice(0, 8)}`,
    name: 'Test money',
    amount: 1000,
    currency: 'XTS',
    period: { unit: 'month', count: 1 },
    ...over,
  });

  beforeAll(async () => {
    h = await startHarness();
    api = billingClient(h);
    // As an earlier configuration (or a hand-made fix) may have left it in the database.
    await h.database.db.insert(plans).values({
      id: leftover,
      name: 'Left over',
      amount: 1000,
      currency: 'XTS',
      periodUnit: 'month',
      periodCount: 1,
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('is refused on create (422 unsupported_currency, naming the field) and nothing is stored', async () => {
    const plan = newPlan();
    const res = await api.call('POST', '/v1/plans', 'admin-cur', plan);
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({
      code: 'unsupported_currency',
      details: { currency: 'XTS', fields: [{ path: 'json.currency' }] },
    });
    expect(res.body.error.details.supported).toEqual(expect.arrayContaining(['RUB', 'USD', 'EUR', 'GBP']));
    expect(await h.database.db.select().from(plans).where(eq(plans.id, plan.id))).toEqual([]);
  });

  it('a currency the acquirer takes is still accepted', async () => {
    for (const currency of ['USD', 'EUR', 'GBP']) {
      const res = await api.call('POST', '/v1/plans', 'admin-cur', newPlan({ currency }));
      expect(res.status, currency).toBe(201);
    }
  });

  it('a leftover one on sale is not edited while it stays on sale', async () => {
    const rename = await api.call('PATCH', `/v1/plans/${leftover}`, 'admin-cur', { name: 'Still on sale' });
    expect(rename.status).toBe(422);
    expect(rename.body.error.code).toBe('unsupported_currency');
  });

  it('subscribing to a leftover one is 422 with nothing written, and the user can then subscribe to a good plan', async () => {
    const user = `cur-${randomUUID().slice(0, 8)}`;
    const key = randomUUID();
    const refused = await api.subscribe(user, { planId: leftover }, key);
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'unsupported_currency', details: { currency: 'XTS' } });
    expect(await h.database.db.select().from(subscriptions).where(eq(subscriptions.userId, user))).toEqual([]);
    // The id the subscribe would have used: derived from the key and the token its first use was given.
    const [use] = await h.database.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, key));
    expect(use?.operationToken).toBeTruthy();
    const wouldBe = subscriptionIdFor(user, `${key}\n${use?.operationToken}`);
    const workflow = h.client.workflow.getHandle(subscriptionWorkflowId(wouldBe));
    await expect(workflow.describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);

    const goodKey = randomUUID();
    const good = await api.subscribe(user, { planId: 'monthly' }, goodKey);
    expect(good.status).toBe(201);
    // The same derivation names the subscription that was made, so the check above looked where a workflow would be.
    const [goodUse] = await h.database.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, goodKey));
    expect(subscriptionIdFor(user, `${goodKey}\n${goodUse?.operationToken}`)).toBe(good.body.subscription.id);
    expect(good.body.subscription).toMatchObject({ planId: 'monthly', status: 'pending_payment' });
  });

  it('changing an active subscription to a leftover one is 422 and changes nothing', async () => {
    const user = `cur-${randomUUID().slice(0, 8)}`;
    const sub = await activeSubscription(h, user, 'monthly');
    const res = await api.call('POST', `/v1/subscriptions/${sub.id}/change-plan`, user, { planId: leftover });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('unsupported_currency');
    expect(await api.subscription(user, sub.id)).toMatchObject({ planId: 'monthly', pendingPlanId: null });
  });

  it('a leftover one can be taken off sale, and not put back on it', async () => {
    const off = await api.call('PATCH', `/v1/plans/${leftover}`, 'admin-cur', { active: false });
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);
    const back = await api.call('PATCH', `/v1/plans/${leftover}`, 'admin-cur', { active: true });
    expect(back.status).toBe(422);
    expect(back.body.error.code).toBe('unsupported_currency');
  });
});
