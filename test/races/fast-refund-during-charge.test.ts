// A refund while the subscription settles a charge (product.md: none is accepted until the outcome is known): asked
// for during a renewal's charge it is refused; once the renewal is paid it is taken, and the new period stands.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { activeSubscription, billingClient, createPlan, type Json, until } from '../support/billing-client.js';
import { type FastHarness, startFastHarness } from '../support/fast-harness.js';
import { expectInvariants } from '../support/invariants.js';
import { raceRequests } from '../support/race-requests.js';
import { holdRenewal } from '../support/renewal-steps.js';

describe('a refund around a renewal charge', () => {
  let h: FastHarness;
  beforeAll(async () => {
    h = await startFastHarness();
  });
  afterEach(() => h.gates.releaseAll());
  afterAll(async () => {
    await h?.close();
  });

  it('asked for while the renewal is being charged: 409 invalid_state and no refund; after the charge: accepted, the renewal stands', async () => {
    const api = billingClient(h);
    const planId = await createPlan(h, { period: { unit: 'month', count: 1 }, dunningScheduleSeconds: [86_400] });
    const user = `user-refund-${randomUUID().slice(0, 8)}`;
    const sub = await activeSubscription(h, user, planId);
    const held = holdRenewal(h, sub.id, 'during the charge');
    const advancing = h.advancePast(sub.currentPeriodEnd);
    await held.reached;
    const during = await raceRequests(h).fullRefund(`inv_${sub.id}_0`);
    expect(during.status).toBe(409);
    expect(during.body.error).toMatchObject({ code: 'invalid_state', message: expect.stringMatching(/charge/) });
    held.release();
    await advancing;
    await until('the renewal paid', async () =>
      (await api.invoices(user, sub.id)).some((i: Json) => i.kind === 'renewal' && i.status === 'paid'),
    );
    const after = await raceRequests(h).fullRefund(`inv_${sub.id}_0`);
    expect(after.status).toBe(202);
    expect(await api.subscription(user, sub.id)).toMatchObject({ status: 'active' });
    await expectInvariants(h, sub.id);
  });
});
