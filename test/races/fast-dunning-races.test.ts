// Races 2 and 9 (issue 10), around a renewal that was declined: the schedule's end while a new-card link may have been
// paid, and a full refund of the current period while the decline is being persisted.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  activeSubscription,
  billingClient,
  CARDS,
  createPlan,
  type Json,
  savedCards,
} from '../support/billing-client.js';
import { type FastHarness, startFastHarness } from '../support/fast-harness.js';
import { expectInvariants } from '../support/invariants.js';
import { raceRequests } from '../support/race-requests.js';
import { advancePast } from '../support/renewal-steps.js';
import { signalRecorded } from '../support/workflow-progress.js';

const MONTH = { unit: 'month', count: 1 };
const INSUFFICIENT_FUNDS = 5051;

describe('races around a declined renewal', () => {
  let h: FastHarness;
  let planId: string;
  beforeAll(async () => {
    h = await startFastHarness();
    planId = await createPlan(h, { period: MONTH, dunningScheduleSeconds: [3_600, 7_200] });
  });
  afterEach(async () => {
    h.gates.releaseAll();
    await billingClient(h).sandbox('/faults', {});
  });
  afterAll(async () => {
    await h?.close();
  });

  /** An active subscription whose saved card declines its renewals (insufficient funds), `times` times or always. */
  const decliningSubscription = async (times?: number) => {
    const user = `user-dunning-${randomUUID().slice(0, 8)}`;
    const sub = await activeSubscription(h, user, planId);
    const [card] = await savedCards(h, sub.id);
    await billingClient(h).sandbox(`/tokens/${card?.token}/behavior`, { reasonCode: INSUFFICIENT_FUNDS, times });
    return { user, sub };
  };
  const capturesOf = async (invoiceId: string) =>
    (await billingClient(h).ledger(invoiceId)).filter((t: Json) => t.Kind === 'payment' && t.Status === 'Completed');

  it("race 2: a new-card link paid while the acquirer's notifications are lost wins at the schedule's end: active, the renewal paid by that one capture", async () => {
    const api = billingClient(h);
    const r = raceRequests(h);
    const { user, sub } = await decliningSubscription();
    await advancePast(h, sub.currentPeriodEnd);
    await api.waitForStatus(user, sub.id, 'past_due');
    const link = await r.newCard(user, sub.id);
    expect(link.status).toBe(201);

    await api.sandbox('/faults', { dropNotificationRate: 1 });
    await api.payLink(link.body.checkout.paymentUrl, CARDS.otherSuccess);
    await h.advance('3 hours'); // past the schedule's end, 2 hours after the first failure

    await expectInvariants(h, sub.id, r.answers);
    const renewal = `inv_${sub.id}_1`;
    expect(await api.subscription(user, sub.id)).toMatchObject({ status: 'active', cancelReason: null });
    expect((await api.invoices(user, sub.id)).find((i: Json) => i.id === renewal)).toMatchObject({ status: 'paid' });
    expect(await capturesOf(renewal)).toHaveLength(1);
  });

  it("race 9: a full refund of the current period while the renewal's decline is being persisted ends it canceled (refunded), the renewal void, and the user can subscribe again", async () => {
    const api = billingClient(h);
    const r = raceRequests(h);
    const { user, sub } = await decliningSubscription(1);
    const decline = h.gates.hold('syncSubscription', {
      phase: 'before',
      match: (i) => i.state.subscriptionId === sub.id && i.events.includes('payment.failed'),
    });
    const advancing = advancePast(h, sub.currentPeriodEnd);
    try {
      await decline.reached;
      expect((await r.fullRefund(`inv_${sub.id}_0`)).status).toBe(202);
      // The decline is persisted inside the workflow task (a local activity): the refund waits behind it in history.
      await signalRecorded(h, sub.id, 'paymentRefunded');
    } finally {
      decline.release();
      await advancing;
    }

    await expectInvariants(h, sub.id, r.answers);
    expect(await api.subscription(user, sub.id)).toMatchObject({ status: 'canceled', cancelReason: 'refunded' });
    const renewal = (await api.invoices(user, sub.id)).find((i: Json) => i.id === `inv_${sub.id}_1`);
    expect(renewal?.status).toBe('void');
    const again = await api.subscribe(user, { planId });
    expect([again.status, again.body.subscription?.status]).toEqual([201, 'pending_payment']);
    // The refund's guard queries the subscription, which can answer only between the heartbeats (8 s apart) of the
    // workflow task its held persist (a local activity) keeps open: this test waits on a few of them.
  }, 90_000);
});
