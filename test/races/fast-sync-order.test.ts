// Race 7 (issue 10): the subscription's row must follow the workflow's order even when one write is slow: a cancel at
// period end whose write is held while the user resumes.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { activeSubscription, billingClient, createPlan } from '../support/billing-client.js';
import { type FastHarness, startFastHarness } from '../support/fast-harness.js';
import { expectInvariants } from '../support/invariants.js';
import { raceRequests } from '../support/race-requests.js';
import { acceptedUpdates, answeredOrQueued } from '../support/workflow-progress.js';

describe('the order of subscription writes', () => {
  let h: FastHarness;
  beforeAll(async () => {
    h = await startFastHarness();
  });
  afterEach(() => h.gates.releaseAll());
  afterAll(async () => {
    await h?.close();
  });

  it("race 7: a resume accepted while the cancel at period end's write is held leaves the row resumed, as the workflow is", async () => {
    const api = billingClient(h);
    const r = raceRequests(h);
    const user = `user-order-${randomUUID().slice(0, 8)}`;
    const sub = await activeSubscription(h, user, await createPlan(h, { period: { unit: 'month', count: 1 } }));
    const cancelWrite = h.gates.hold('syncSubscription', {
      phase: 'before',
      match: (i) => i.state.subscriptionId === sub.id && i.state.cancelAtPeriodEnd === true,
    });
    const cancelling = r.cancelAtPeriodEnd(user, sub.id);
    let resuming: ReturnType<typeof r.resume> | undefined;
    try {
      await cancelWrite.reached;
      const accepted = await acceptedUpdates(h, sub.id);
      resuming = r.resume(user, sub.id);
      await answeredOrQueued(h, sub.id, resuming, accepted);
    } finally {
      cancelWrite.release();
    }
    const answers = await Promise.all([cancelling, resuming]);
    expect(answers.map((a) => a?.status)).toEqual([200, 200]);

    await expectInvariants(h, sub.id, r.answers);
    expect(await api.subscription(user, sub.id)).toMatchObject({
      status: 'active',
      cancelAtPeriodEnd: false,
      nextChargeAt: sub.currentPeriodEnd,
    });
  });
});
