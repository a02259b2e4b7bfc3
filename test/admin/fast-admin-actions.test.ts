import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { activeSubscription, billingClient, createPlan, type Json, savedCards } from '../support/billing-client.js';
import { type FastHarness, startFastHarness } from '../support/fast-harness.js';
import { recordHistory } from '../support/histories.js';
import { invariantsOfEachTest } from '../support/invariants.js';

const ADMIN = 'admin-ops';

// On the time-skipping server: the failed renewal is skipped to; the scheduled retry stays minutes away.
describe("operators' controls", () => {
  let h: FastHarness;
  afterEach(invariantsOfEachTest(() => h));
  beforeAll(async () => {
    h = await startFastHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  const audit = async (entityId: string) =>
    (await billingClient(h).call('GET', `/v1/admin/audit?entityId=${entityId}`, ADMIN)).body.items as Json[];

  it('an admin cancels any subscription with a reason: canceled (admin), audited with the admin and the reason', async () => {
    const api = billingClient(h);
    const user = `user-admin-cancel-${Date.now()}`;
    const sub = await activeSubscription(h, user, 'monthly');
    const forbidden = await api.call('POST', `/v1/admin/subscriptions/${sub.id}/cancel`, user, { reason: 'mine' });
    expect(forbidden.status).toBe(403);
    const missingReason = await api.call('POST', `/v1/admin/subscriptions/${sub.id}/cancel`, ADMIN, {});
    expect([missingReason.status, missingReason.body.error.code]).toEqual([400, 'validation_failed']);
    const res = await api.call('POST', `/v1/admin/subscriptions/${sub.id}/cancel`, ADMIN, { reason: 'chargeback 77' });
    expect(res.body).toMatchObject({ status: 'canceled', cancelReason: 'admin' });
    const entries = await audit(sub.id);
    expect(entries[0]).toMatchObject({
      actor: ADMIN,
      action: 'subscription.canceled',
      reason: 'chargeback 77',
      before: { status: 'active' },
      after: { status: 'canceled', cancelReason: 'admin' },
    });
    expect(entries.map((e) => e.actor)).toContain('system:subscription-workflow');
    const again = await api.call('POST', `/v1/admin/subscriptions/${sub.id}/retry`, ADMIN, { reason: 'x' });
    expect([again.status, again.body.error.code]).toEqual([409, 'invalid_state']);
  }, 60_000);

  it('retry now charges a past_due renewal at once (no scheduled retry for minutes) and answers active', async () => {
    const api = billingClient(h);
    const planId = await createPlan(h, { dunningScheduleSeconds: [600, 1200, 1800] });
    const user = `user-admin-retry-${Date.now()}`;
    const sub = await activeSubscription(h, user, planId);
    const notYet = await api.call('POST', `/v1/admin/subscriptions/${sub.id}/retry`, ADMIN, { reason: 'early' });
    expect([notYet.status, notYet.body.error.code]).toEqual([409, 'invalid_state']);
    const [card] = await savedCards(h, sub.id);
    await api.sandbox(`/tokens/${card?.token}/behavior`, { reasonCode: 5051, times: 1 });
    await h.advancePast(sub.currentPeriodEnd);
    const pastDue = await api.waitForStatus(user, sub.id, 'past_due');
    expect(Date.parse(pastDue.nextChargeAt) - (await h.now()).getTime()).toBeGreaterThan(5 * 60_000);

    const res = await api.call('POST', `/v1/admin/subscriptions/${sub.id}/retry`, ADMIN, { reason: 'card topped up' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'active', pastDueSince: null });
    const invoiceId = `inv_${sub.id}_1`;
    expect((await api.ledger(invoiceId)).map((t: Json) => t.Status)).toEqual(['Declined', 'Completed']);
    expect((await audit(sub.id)).find((e) => e.actor === ADMIN)).toMatchObject({
      reason: 'retry now: card topped up',
    });
    await recordHistory(h.client, 'admin-retry-now', `subscription-${sub.id}`);
  });
});
