// Race 1's other half (issue 10): an upgrade, a downgrade or a new card landing on each step of a renewal. Accepted,
// it keeps its promise (the plan it names, a card check that saves the card and voids the hold); refused, it is a
// clear 409; the invariants (a)–(f) and the ledger hold after the renewal and after the next period.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { billingClient, CARDS, createPlan, type Json, savedCards, until } from '../support/billing-client.js';
import { type FastHarness, startFastHarness } from '../support/fast-harness.js';
import { cellsOf, type RenewalMessage, runRenewalCell } from '../support/renewal-matrix.js';
import { RENEWAL_STEPS, within } from '../support/renewal-steps.js';

const MONTH = { unit: 'month', count: 1 };
const plans = { standard: '', premium: '', basic: '' };

const captures = async (h: FastHarness, invoiceId: string) =>
  (await billingClient(h).ledger(invoiceId)).filter((t: Json) => t.Kind === 'payment' && t.Status === 'Completed');

const changes: RenewalMessage[] = [
  {
    name: 'upgrade',
    send: (r, user, id) => r.changePlan(user, id, plans.premium),
    promise: async ({ h, reply, afterRenewal, afterNextPeriod }) => {
      expect([afterRenewal.planId, afterNextPeriod.planId]).toEqual([plans.premium, plans.premium]);
      const proration = reply.body.invoice;
      if (proration?.amount > 0) {
        expect(proration.status).toBe('paid');
        expect((await captures(h, proration.id)).map((t: Json) => Math.round(t.Amount * 100))).toEqual([
          proration.amount,
        ]);
      }
    },
  },
  {
    name: 'downgrade',
    send: (r, user, id) => r.changePlan(user, id, plans.basic),
    promise: async ({ h, user, subscriptionId, afterRenewal, afterNextPeriod }) => {
      expect(afterRenewal.pendingPlanId ?? afterRenewal.planId).toBe(plans.basic);
      expect(afterNextPeriod.planId).toBe(plans.basic);
      const invoices = await billingClient(h).invoices(user, subscriptionId);
      const renewal = invoices.find(
        (i: Json) => i.kind === 'renewal' && i.periodEnd === afterNextPeriod.currentPeriodEnd,
      );
      expect(renewal).toMatchObject({ amount: 500, status: 'paid' });
    },
  },
  {
    name: 'new card',
    send: (r, user, id) => r.newCard(user, id),
    // Settled before the next period is skipped to: a notification racing a time skip can strand the run on the
    // time-skipping server (a workflow task cancelling a timer that fired meanwhile is refused, sdk-java#3088).
    followUp: async ({ h, user, subscriptionId, reply }) => {
      const api = billingClient(h);
      const { paymentUrl, invoiceId } = reply.body.checkout;
      await within(api.payLink(paymentUrl, CARDS.otherSuccess), 10_000, 'the hosted page to take it');
      await until(`the hold of ${invoiceId} voided and its invoice closed`, async () => {
        const ledger = await api.ledger(invoiceId);
        const invoice = (await api.invoices(user, subscriptionId)).find((i: Json) => i.id === invoiceId);
        return ledger.length > 0 && ledger.every((t: Json) => t.Status === 'Cancelled') && invoice?.status === 'void';
      });
    },
    promise: async ({ h, subscriptionId, reply }) => {
      const [hold] = await billingClient(h).ledger(reply.body.checkout.invoiceId);
      const [initial] = await captures(h, `inv_${subscriptionId}_0`);
      const [newest] = await savedCards(h, subscriptionId);
      expect(newest?.token).toBe(hold.Token);
      expect(newest?.token).not.toBe(initial.Token);
    },
  },
];

describe('an upgrade, a downgrade or a new card at each step of a renewal', () => {
  let h: FastHarness;
  beforeAll(async () => {
    h = await startFastHarness();
    const plan = (amount: number) => createPlan(h, { period: MONTH, amount, dunningScheduleSeconds: [86_400] });
    [plans.standard, plans.premium, plans.basic] = await Promise.all([plan(1000), plan(2000), plan(500)]);
  });
  afterEach(() => h.gates.releaseAll());
  afterAll(async () => {
    await h?.close();
  });

  it.each(cellsOf(changes, RENEWAL_STEPS))(
    '$name, $step: answered 2xx and kept (the plan it names; a card saved, its hold voided), or refused 409 invalid_state; invariants (a)–(f) and one capture per invoice hold through the next period',
    async ({ message, step }) => runRenewalCell(h, plans.standard, message, step),
  );
});
