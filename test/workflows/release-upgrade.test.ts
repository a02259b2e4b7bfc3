// A deploy of release 2 while subscriptions started on release 1 are live in every phase: a worker with release 2's
// patches held runs exactly release 1's code paths (no marker recorded); it is replaced by one with them active.

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { REFUND_CALL_NEVER_CANCELLED } from '../../workflows/refund-workflow.js';
import { openCheckoutUpdate, subscriptionStateQuery } from '../../workflows/subscription/messages.js';
import {
  HAND_OVER_AT_PERIOD_END,
  LOOK_UP_LINK_BEFORE_ENDING,
  ORDERED_DECISIONS,
} from '../../workflows/subscription/versions.js';
import { subscriptionWorkflowId } from '../../workflows/workflow-ids.js';
import { activeSubscription, billingClient, CARDS, createPlan, type Json, until } from '../support/billing-client.js';
import { type FastHarness, startFastHarness } from '../support/fast-harness.js';
import { recordCurrentRun, runChain, subscriptionRelease } from '../support/histories.js';
import { invariantsOfEachTest } from '../support/invariants.js';

const RELEASE_2_PATCHES = [
  ORDERED_DECISIONS,
  HAND_OVER_AT_PERIOD_END,
  LOOK_UP_LINK_BEFORE_ENDING,
  REFUND_CALL_NEVER_CANCELLED,
];

describe('subscriptions started on release 1 after release 2 replaces the worker', () => {
  let h: FastHarness;
  afterEach(invariantsOfEachTest(() => h));
  beforeAll(async () => {
    h = await startFastHarness({}, { worker: false });
  });
  afterAll(async () => {
    await h?.close();
  });

  const api = () => billingClient(h);
  const state = (id: string) => h.client.workflow.getHandle(subscriptionWorkflowId(id)).query(subscriptionStateQuery);
  const onRelease2 = async (id: string) => (await subscriptionRelease(h.client, subscriptionWorkflowId(id))) === 2;
  const advanceMonth = async () => h.advance('32 days');
  const paidRenewals = async (user: string, id: string) =>
    (await api().invoices(user, id)).filter((i: Json) => i.kind === 'renewal' && i.status === 'paid');
  const completed = async (invoiceId: string) =>
    (await api().ledger(invoiceId)).filter((t: Json) => t.Status === 'Completed');

  // Four subscriptions through a deploy and two months, each wait with its own deadline: 13 s on a quiet machine,
  // past 30 s in a whole-suite run on two loaded cores.
  it('pending checkout, active, past_due with a new-card link open and an open card check all renew once and cancel on release 2', {
    timeout: 90_000,
  }, async () => {
    // No sticky cache: the time-skipping server does not hand a stopped worker's sticky tasks to the next one.
    const old = await h.startWorker({ patchesHeld: RELEASE_2_PATCHES, options: { maxCachedWorkflows: 0 } });
    const dunningScheduleSeconds = [1, 3, 5].map((days) => days * 86_400);
    const planId = await createPlan(h, { period: { unit: 'month', count: 1 }, dunningScheduleSeconds });
    const tag = Date.now();
    const users = { pending: `u-pend-${tag}`, active: `u-act-${tag}`, pastDue: `u-due-${tag}`, card: `u-card-${tag}` };

    // Release 1: one active subscription, one whose renewal declines (past_due) and then opens a new-card link.
    const active = await activeSubscription(h, users.active, planId);
    const pastDue = await activeSubscription(h, users.pastDue, planId, CARDS.tokenDeclines);
    // Just past the period end: the renewal has declined, the first retry is a day away.
    await h.advance(Date.parse(pastDue.currentPeriodEnd) - (await h.now()).getTime() + 60_000);
    await api().waitForStatus(users.pastDue, pastDue.id, 'past_due');
    const newCardLink = (await api().call('POST', `/v1/subscriptions/${pastDue.id}/payment-method`, users.pastDue, {}))
      .body.checkout;
    // One with a card check open, one still waiting for its checkout to be paid.
    const card = await activeSubscription(h, users.card, planId);
    const cardCheck = (await api().call('POST', `/v1/subscriptions/${card.id}/payment-method`, users.card, {})).body
      .checkout;
    const pending = (await api().subscribe(users.pending, { planId })).body;
    const ids = { pending: pending.subscription.id, active: active.id, pastDue: pastDue.id, card: card.id };
    for (const [phase, id] of Object.entries(ids)) {
      expect(await onRelease2(id), `${phase} runs release 1`).toBe(false);
      await recordCurrentRun(h.client, 'release-1', `at-deploy-${phase}`, subscriptionWorkflowId(id));
    }

    // The deploy: the old worker drains and stops; release 2 takes the task queue.
    old.shutdown();
    await until('the old worker stopped', async () => old.getState() === 'STOPPED');
    await h.startWorker();

    await api().payLink(pending.checkout.paymentUrl, CARDS.success);
    await api().payLink(newCardLink.paymentUrl, CARDS.otherSuccess);
    await api().payLink(cardCheck.paymentUrl, CARDS.otherSuccess);
    await api().waitForStatus(users.pending, ids.pending, 'active');
    await api().waitForStatus(users.pastDue, ids.pastDue, 'active');
    await until('the card check settled', async () => (await state(ids.card)).paymentMethodVersion === 1);

    await advanceMonth();
    for (const [phase, id] of Object.entries(ids)) {
      const user = users[phase as keyof typeof users];
      const renewals = await until(`${phase}: a renewal on release 2`, async () => {
        const paid = await paidRenewals(user, id);
        return paid.length >= (phase === 'pending' || phase === 'card' ? 1 : 2) && (await onRelease2(id)) && paid;
      });
      for (const invoice of renewals) expect(await completed(invoice.id), `${phase} ${invoice.id}`).toHaveLength(1);
      // A subscribe call retried now (its first answer lost) is still answered, though release 1 kept no checkout.
      const handle = h.client.workflow.getHandle(subscriptionWorkflowId(id));
      expect(await handle.executeUpdate(openCheckoutUpdate), phase).toMatchObject({ status: 'succeeded' });
      const canceled = await api().call('POST', `/v1/subscriptions/${id}/cancel`, user, { mode: 'immediately' });
      expect(canceled.status, phase).toBe(200);
      expect(canceled.body).toMatchObject({ status: 'canceled', cancelReason: 'user' });
    }

    // Those waiting for their period end handed over to release 2 at that moment: release 2 made their renewal.
    for (const phase of ['pending', 'active', 'card'] as const) {
      const [, renewed, handedOver] = await runChain(h.client, subscriptionWorkflowId(ids[phase]), 3);
      expect(renewed?.patches, `${phase}: the renewing run took release 2`).toContain(ORDERED_DECISIONS);
      expect(handedOver?.patches, `${phase}: release 1 handed over at the period end`).toContain(
        HAND_OVER_AT_PERIOD_END,
      );
    }
    // The new card saved by the card check pays its renewal; the past_due one was paid by its link, once.
    const cardRenewal = (await paidRenewals(users.card, ids.card))[0];
    expect((await completed(cardRenewal.id))[0].CardLastFour).toBe(CARDS.otherSuccess.slice(-4));
    expect(await completed(newCardLink.invoiceId)).toHaveLength(1);
    await advanceMonth();
    for (const [phase, id] of Object.entries(ids)) {
      const user = users[phase as keyof typeof users];
      expect((await paidRenewals(user, id)).length, `${phase}: no charge after the cancel`).toBeLessThanOrEqual(2);
    }
  });
});
