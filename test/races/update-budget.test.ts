// Race 10 (issue 10): a run's budget of accepted updates. On the run's dev server (the time-skipping server enforces
// no such limit) a run accepts UPDATES_PER_RUN updates; a user toggling cancel at period end and resume must not
// spend the budget an operator's cancel needs. Real time, so it lives outside the fast tier.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscriptionWorkflowId } from '../../workflows/workflow-ids.js';
import { activeSubscription, billingClient, createPlan } from '../support/billing-client.js';
import { startHarness } from '../support/harness.js';
import { expectInvariants, type TracedHarness } from '../support/invariants.js';
import { raceRequests } from '../support/race-requests.js';
import { UPDATES_PER_RUN } from '../support/server-limits.js';

describe("a run's budget of accepted updates", () => {
  let h: TracedHarness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it(`race 10: toggling cancel at period end and resume past ${UPDATES_PER_RUN} updates is answered 200 every time (the run continues-as-new), and an operator's cancel is then accepted`, async () => {
    const api = billingClient(h);
    const r = raceRequests(h);
    const user = `user-budget-${randomUUID().slice(0, 8)}`;
    const sub = await activeSubscription(h, user, await createPlan(h, { period: { unit: 'month', count: 1 } }));
    const handle = h.client.workflow.getHandle(subscriptionWorkflowId(sub.id));
    const { runId: firstRun } = await handle.describe();

    const toggles = Math.ceil(UPDATES_PER_RUN / 2) + 5;
    const refused: string[] = [];
    for (let i = 0; i < toggles && refused.length === 0; i++) {
      for (const [what, reply] of [
        ['cancel at period end', await r.cancelAtPeriodEnd(user, sub.id)],
        ['resume', await r.resume(user, sub.id)],
      ] as const) {
        if (reply.status !== 200) refused.push(`${what} #${i + 1}: ${reply.status} ${JSON.stringify(reply.body)}`);
      }
    }
    // Soft, so a refusal still lets the operator's cancel show whether the budget was spent for it too.
    expect.soft(refused).toEqual([]);
    expect.soft((await handle.describe()).runId, 'the run continued-as-new').not.toBe(firstRun);

    const operator = await r.adminCancel(sub.id);
    expect([operator.status, operator.body.status, operator.body.cancelReason]).toEqual([200, 'canceled', 'admin']);
    await expectInvariants(h, sub.id, r.answers);
    expect(await api.subscription(user, sub.id)).toMatchObject({ status: 'canceled', cancelReason: 'admin' });
  }, 90_000);
});
