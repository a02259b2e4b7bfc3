// Race 1 (issue 10): a cancel (the user's, either mode, or an operator's) or a full refund of the current period,
// landing on each step of a renewal. Accepted, it is never followed by a charge and keeps its promise; refused, it
// is a clear 409; the invariants (a)–(f) and the ledger hold after the renewal and after the next period.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { billingClient, createPlan } from '../support/billing-client.js';
import { type FastHarness, startFastHarness } from '../support/fast-harness.js';
import { cellsOf, type RenewalMessage, runRenewalCell } from '../support/renewal-matrix.js';
import { RENEWAL_STEPS } from '../support/renewal-steps.js';

const cancels: RenewalMessage[] = [
  {
    name: 'user cancel immediately',
    send: (r, user, id) => r.cancelNow(user, id),
    promise: ({ afterNextPeriod }) =>
      expect(afterNextPeriod).toMatchObject({ status: 'canceled', cancelReason: 'user' }),
  },
  {
    name: 'user cancel at period end',
    send: (r, user, id) => r.cancelAtPeriodEnd(user, id),
    promise: ({ afterRenewal, afterNextPeriod }) => {
      expect(afterRenewal.status === 'canceled' || afterRenewal.cancelAtPeriodEnd).toBe(true);
      expect(afterNextPeriod).toMatchObject({ status: 'canceled', cancelReason: 'period_end' });
    },
  },
  {
    name: 'operator cancel',
    send: (r, _user, id) => r.adminCancel(id),
    promise: ({ afterNextPeriod }) =>
      expect(afterNextPeriod).toMatchObject({ status: 'canceled', cancelReason: 'admin' }),
  },
  {
    name: 'full refund of the current period',
    send: (r, _user, id) => r.fullRefund(`inv_${id}_0`),
    // It ends the subscription, unless a paid renewal had made another period the current one when it arrived.
    promise: async ({ h, user, subscriptionId, afterRenewal }) => {
      if (afterRenewal.cancelReason === 'refunded') return;
      const renewal = (await billingClient(h).invoices(user, subscriptionId)).find(
        (i) => i.id === `inv_${subscriptionId}_1`,
      );
      expect(renewal?.status, 'neither canceled (refunded) nor succeeded by a paid renewal').toBe('paid');
    },
  },
];

describe('a cancel or a full refund at each step of a renewal', () => {
  let h: FastHarness;
  let planId: string;
  beforeAll(async () => {
    h = await startFastHarness();
    planId = await createPlan(h, { period: { unit: 'month', count: 1 }, dunningScheduleSeconds: [86_400] });
  });
  afterEach(() => h.gates.releaseAll());
  afterAll(async () => {
    await h?.close();
  });

  it.each(cellsOf(cancels, RENEWAL_STEPS))(
    '$name, $step: answered 2xx and kept (no charge after it), or refused 409 invalid_state; invariants (a)–(f) and one capture per invoice hold through the next period',
    async ({ message, step }) => runRenewalCell(h, planId, message, step),
  );
});
