// Race 3 and the two smaller gaps of issue 10, at checkout: a payment page that cannot be opened, the subscribe
// answer of a checkout that already succeeded, and the search attributes of a checkout still waiting to be paid.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { billingPlanId, billingStatus } from '../../workflows/search-attributes.js';
import { subscriptionWorkflowId } from '../../workflows/workflow-ids.js';
import { billingClient, CARDS, createPlan, type Json } from '../support/billing-client.js';
import { type FastHarness, startFastHarness } from '../support/fast-harness.js';
import { expectInvariants } from '../support/invariants.js';
import { completedUpdates } from '../support/workflow-progress.js';

describe('races at checkout', () => {
  let h: FastHarness;
  let planId: string;
  beforeAll(async () => {
    h = await startFastHarness();
    planId = await createPlan(h, { period: { unit: 'month', count: 1 } });
  });
  afterEach(async () => {
    h.gates.releaseAll();
    await billingClient(h).sandbox('/faults', {});
  });
  afterAll(async () => {
    await h?.close();
  });

  const newUser = () => `user-checkout-${randomUUID().slice(0, 8)}`;

  it('race 3: a payment page that cannot be opened answers 201 declined with the subscription expired; the same key answers the same, and a later subscribe opens a checkout', async () => {
    const api = billingClient(h);
    const user = newUser();
    const key = randomUUID();
    await api.sandbox('/faults', { errorRate: 1, paths: ['/orders/create'] });
    const first = await api.subscribe(user, { planId }, key);
    expect([first.status, first.body.checkout?.status, first.body.subscription?.status]).toEqual([
      201,
      'declined',
      'expired',
    ]);
    await api.sandbox('/faults', {});
    const again = await api.subscribe(user, { planId }, key);
    expect([again.status, again.body]).toEqual([first.status, first.body]);
    await expectInvariants(h, first.body.subscription.id);

    const later = await api.subscribe(user, { planId });
    expect([later.status, later.body.checkout?.status]).toEqual([201, 'awaiting_payment']);
  });

  it('gap: a cryptogram checkout that succeeds is answered with the subscription already active', async () => {
    const api = billingClient(h);
    const user = newUser();
    const activation = h.gates.hold('syncSubscription', {
      phase: 'before',
      match: (i) => i.state.userId === user && i.events.includes('subscription.activated'),
    });
    const payment = {
      method: 'card_cryptogram',
      cryptogram: await api.cryptogram(CARDS.success),
      ipAddress: '10.0.0.1',
    };
    const answering = api.subscribe(user, { planId, payment });
    let answer: Json;
    try {
      const { state } = await activation.reached;
      // Answered before activation is persisted (the first release) or only after it: either way it comes now.
      if ((await completedUpdates(h, state.subscriptionId)) > 0) answer = await answering;
    } finally {
      activation.release();
    }
    answer ??= await answering;
    expect([answer.status, answer.body.checkout.status]).toEqual([201, 'succeeded']);
    expect(answer.body.subscription.status).toBe('active');
    await expectInvariants(h, answer.body.subscription.id);
  });

  it('gap: a checkout waiting to be paid is found by BillingStatus pending_payment and BillingPlanId', async () => {
    const user = newUser();
    const created = await billingClient(h).subscribe(user, { planId });
    expect(created.body.checkout.status).toBe('awaiting_payment');
    const handle = h.client.workflow.getHandle(subscriptionWorkflowId(created.body.subscription.id));
    const { typedSearchAttributes } = await handle.describe();
    expect([typedSearchAttributes.get(billingStatus), typedSearchAttributes.get(billingPlanId)]).toEqual([
      'pending_payment',
      planId,
    ]);
  });
});
