import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_AUDIT_ENTITIES } from '../../api/routes/admin/routes.js';
import { auditLog } from '../../db/schema/index.js';
import { billingClient } from '../support/billing-client.js';
import { type Harness, startHarness } from '../support/harness.js';

// The audit log read for several entities at once (the console's customer page asks for all of a customer's).
describe('GET /v1/admin/audit by several entity ids', () => {
  let h: Harness;
  const get = (query: string, user = 'admin-audit') => billingClient(h).call('GET', `/v1/admin/audit?${query}`, user);
  beforeAll(async () => {
    h = await startHarness({}, { worker: false });
    const entry = (entityType: string, entityId: string) => ({
      actor: 'admin-audit',
      action: 'test',
      entityType,
      entityId,
      reason: 'seed',
    });
    await h.database.db
      .insert(auditLog)
      .values([
        entry('subscription', 'sub_a1'),
        entry('subscription', 'sub_a2'),
        entry('subscription', 'sub_a3'),
        entry('refund', 'sub_a1'),
      ]);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('a repeated entityId answers the entries of each, newest first, and entityType still narrows them', async () => {
    const both = await get('entityType=subscription&entityId=sub_a1&entityId=sub_a3');
    expect(both.status).toBe(200);
    expect(both.body.items.map((e: { entityId: string }) => e.entityId)).toEqual(['sub_a3', 'sub_a1']);
    const one = await get('entityId=sub_a2');
    expect(one.body.items.map((e: { entityId: string }) => e.entityId)).toEqual(['sub_a2']);
    const anyType = await get('entityId=sub_a1&entityId=sub_a2');
    expect(anyType.body.items.map((e: { entityType: string }) => e.entityType)).toEqual([
      'refund',
      'subscription',
      'subscription',
    ]);
  });

  it(`more than ${MAX_AUDIT_ENTITIES} ids is 400, and a user who is not an admin reads nothing`, async () => {
    const many = Array.from({ length: MAX_AUDIT_ENTITIES + 1 }, (_, i) => `entityId=sub_${i}`).join('&');
    const tooMany = await get(many);
    expect([tooMany.status, tooMany.body.error.code]).toEqual([400, 'validation_failed']);
    expect((await get('entityId=sub_a1&entityId=sub_a2', 'user-audit')).status).toBe(403);
  });
});
