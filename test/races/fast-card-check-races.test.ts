// Races 5 and 8 (issue 10), around a card check (a new card while active: a hold on the new card, voided at once):
// two new-card requests at once, and a hold whose void can never succeed.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { subscriptionWorkflowId } from '../../workflows/workflow-ids.js';
import {
  activeSubscription,
  billingClient,
  CARDS,
  createPlan,
  type Json,
  savedCards,
  until,
} from '../support/billing-client.js';
import { type FastHarness, startFastHarness } from '../support/fast-harness.js';
import { expectInvariants, traceOf } from '../support/invariants.js';
import { raceRequests } from '../support/race-requests.js';
import { advancePast } from '../support/renewal-steps.js';
import { acceptedUpdates, answeredOrQueued } from '../support/workflow-progress.js';

describe('races around a card check', () => {
  let h: FastHarness;
  let planId: string;
  beforeAll(async () => {
    h = await startFastHarness();
    planId = await createPlan(h, { period: { unit: 'month', count: 1 }, dunningScheduleSeconds: [86_400] });
  });
  afterEach(async () => {
    h.gates.releaseAll();
    await billingClient(h).sandbox('/faults', {});
  });
  afterAll(async () => {
    await h?.close();
  });

  const newSubscription = async () => {
    const user = `user-card-${randomUUID().slice(0, 8)}`;
    return { user, sub: await activeSubscription(h, user, planId) };
  };
  const paidRenewal = (user: string, subscriptionId: string, n: number) =>
    until(`renewal ${n} of ${subscriptionId} paid`, async () => {
      const invoices = await billingClient(h).invoices(user, subscriptionId);
      return invoices.find((i: Json) => i.id === `inv_${subscriptionId}_${n}` && i.status === 'paid');
    });

  it('race 5: two new-card requests at once are answered with one checkout; paying it saves the card and voids its hold', async () => {
    const api = billingClient(h);
    const r = raceRequests(h);
    const { user, sub } = await newSubscription();
    const link = h.gates.hold('createPaymentLink', { phase: 'before', match: (i) => i.subscriptionId === sub.id });
    const first = r.newCard(user, sub.id);
    let second: ReturnType<typeof r.newCard> | undefined;
    try {
      await link.reached;
      const accepted = await acceptedUpdates(h, sub.id);
      second = r.newCard(user, sub.id);
      await answeredOrQueued(h, sub.id, second, accepted);
    } finally {
      link.release();
    }
    const answers = await Promise.all([first, second]);
    expect(answers.map((a) => a?.status)).toEqual([201, 201]);
    const [checkout, other] = answers.map((a) => a?.body.checkout);
    expect(other).toEqual(checkout);

    await api.payLink(checkout.paymentUrl, CARDS.otherSuccess);
    const hold = await until(`the hold of ${checkout.invoiceId} to be voided`, async () => {
      const [tx] = await api.ledger(checkout.invoiceId);
      return tx?.Status === 'Cancelled' ? tx : undefined;
    });
    expect((await savedCards(h, sub.id))[0]?.token).toBe(hold.Token);
    await expectInvariants(h, sub.id, r.answers);
  });

  it('race 8: a card-check hold whose void always fails still lets the subscription renew, continue-as-new, and renew again', async () => {
    const api = billingClient(h);
    const r = raceRequests(h);
    const { user, sub } = await newSubscription();
    const handle = h.client.workflow.getHandle(subscriptionWorkflowId(sub.id));
    await h.advance(Date.parse(sub.currentPeriodEnd) - (await h.now()).getTime() - 10 * 60_000);
    await api.sandbox('/faults', { errorRate: 1, paths: ['/payments/void'] });
    const { body } = await r.newCard(user, sub.id);
    await api.payLink(body.checkout.paymentUrl, CARDS.otherSuccess);
    await until('the first void to be tried', async () =>
      traceOf(h, sub.id).some((e) => e.name === 'releaseCardCheck' && e.event === 'end'),
    );
    // The renewals' answers tell the workflow; a notification racing the time skips past the void's retry timers
    // could strand the run on the time-skipping server (a task cancelling a timer that fired meanwhile, sdk-java#3088).
    await api.sandbox('/faults', { errorRate: 1, paths: ['/payments/void'], dropNotificationRate: 1 });
    const { runId: firstRun } = await handle.describe();

    await advancePast(h, sub.currentPeriodEnd);
    const renewal = await paidRenewal(user, sub.id, 1);
    const continued = async () => (await handle.describe()).runId !== firstRun;
    await until('the run to continue-as-new after the paid renewal', continued, 10_000);
    await advancePast(h, renewal.periodEnd);
    await paidRenewal(user, sub.id, 2);
    expect((await api.ledger(body.checkout.invoiceId)).map((t: Json) => t.Status)).toEqual(['Authorized']);
    await expectInvariants(h, sub.id, r.answers);
  });
});
