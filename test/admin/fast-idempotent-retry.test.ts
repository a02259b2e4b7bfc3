import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { activeSubscription, billingClient, createPlan, type Json, savedCards } from '../support/billing-client.js';
import { type FastHarness, startFastHarness } from '../support/fast-harness.js';
import { invariantsOfEachTest } from '../support/invariants.js';

const ADMIN = 'admin-ops';

// On the time-skipping server: the failed renewal is skipped to; the scheduled retry stays minutes away.
describe("an operator's retry-now with an Idempotency-Key", () => {
  let h: FastHarness;
  afterEach(invariantsOfEachTest(() => h));
  beforeAll(async () => {
    h = await startFastHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('sent twice, charges once: the second answer is the first one, with Idempotent-Replayed: true', async () => {
    const api = billingClient(h);
    const planId = await createPlan(h, { dunningScheduleSeconds: [600, 1200, 1800] });
    const user = `user-retry-key-${Date.now()}`;
    const sub = await activeSubscription(h, user, planId);
    const [card] = await savedCards(h, sub.id);
    await api.sandbox(`/tokens/${card?.token}/behavior`, { reasonCode: 5051, times: 2 });
    await h.advancePast(sub.currentPeriodEnd);
    await api.waitForStatus(user, sub.id, 'past_due');

    const path = `/v1/admin/subscriptions/${sub.id}/retry`;
    const key = { 'idempotency-key': 'retry-now-1' };
    const first = await api.call('POST', path, ADMIN, { reason: 'customer says topped up' }, key);
    expect([first.status, first.body.status, first.headers.get('idempotent-replayed')]).toEqual([
      200,
      'past_due',
      null,
    ]);
    const again = await api.call('POST', path, ADMIN, { reason: 'customer says topped up' }, key);
    expect([again.status, again.headers.get('idempotent-replayed')]).toEqual([200, 'true']);
    expect(again.body).toEqual(first.body);
    // The renewal's decline and the retry's decline; a second retry would have been a third charge.
    expect((await api.ledger(`inv_${sub.id}_1`)).map((t: Json) => t.Status)).toEqual(['Declined', 'Declined']);
  });
});
