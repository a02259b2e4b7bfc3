import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { activeSubscription, billingClient, createPlan, type Json, until } from '../support/billing-client.js';
import { type Harness, startHarness } from '../support/harness.js';
import { invariantsOfEachTest } from '../support/invariants.js';

const MONTH = { unit: 'month', count: 1 };

// A request its workflow does not answer in WORKFLOW_ANSWER_TIMEOUT_SECONDS is answered 503 still_processing, and the
// work goes on: here an upgrade whose proration charge the acquirer is slow to answer.
describe('a request the workflow has not answered in time', () => {
  let h: Harness;
  const plans = { basic: '', premium: '' };
  beforeAll(async () => {
    h = await startHarness({ WORKFLOW_ANSWER_TIMEOUT_SECONDS: '1' });
    plans.basic = await createPlan(h, { period: MONTH, amount: 1000 });
    plans.premium = await createPlan(h, { period: MONTH, amount: 2000 });
  });
  const invariants = invariantsOfEachTest(() => h);
  afterEach(async () => {
    await billingClient(h).sandbox('/faults', {});
    await invariants();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('is 503 still_processing at once, goes on by itself, and the same Idempotency-Key then answers its outcome, charged once', async () => {
    const api = billingClient(h);
    const user = `user-slow-${randomUUID().slice(0, 8)}`;
    const sub = await activeSubscription(h, user, plans.basic);
    // The acquirer takes token charges but holds its answers (until the faults change).
    await api.sandbox('/faults', { latencyMs: 600_000, paths: ['/payments/tokens/charge'] });
    const key = { 'idempotency-key': randomUUID() };
    const path = `/v1/subscriptions/${sub.id}/change-plan`;
    const started = Date.now();
    const first = await api.call('POST', path, user, { planId: plans.premium }, key);
    expect([first.status, first.body.error.code]).toEqual([503, 'still_processing']);
    expect(first.body.error.details).toMatchObject({ subscriptionId: sub.id, operation: 'change plan' });
    expect(Date.now() - started).toBeLessThan(10_000);

    // Meanwhile the upgrade is in flight: another one is refused, not queued behind it.
    const other = await api.call('POST', path, user, { planId: plans.premium });
    expect([other.status, other.body.error.code]).toEqual([409, 'invalid_state']);

    await api.sandbox('/faults', {});
    await until('the upgrade to apply', async () => (await api.subscription(user, sub.id)).planId === plans.premium);
    const again = await api.call('POST', path, user, { planId: plans.premium }, key);
    expect(again.status).toBe(200);
    expect(again.body.subscription.planId).toBe(plans.premium);
    expect(again.body.invoice).toMatchObject({ kind: 'proration', status: 'paid' });
    const captures = (await api.ledger(again.body.invoice.id)).filter(
      (t: Json) => t.Kind === 'payment' && t.Status === 'Completed',
    );
    expect(captures).toHaveLength(1);
  });

  it('a request the workflow answers in time is answered as before', async () => {
    const api = billingClient(h);
    const user = `user-quick-${randomUUID().slice(0, 8)}`;
    const sub = await activeSubscription(h, user, plans.basic);
    const answer = await api.call('POST', `/v1/subscriptions/${sub.id}/cancel`, user, { mode: 'at_period_end' });
    expect([answer.status, answer.body.cancelAtPeriodEnd]).toEqual([200, true]);
  });
});
