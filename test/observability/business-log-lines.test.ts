import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKER, refundClient } from '../refunds/refund-client.js';
import {
  activeSubscription,
  billingClient,
  createPlan,
  type Json,
  savedCards,
  until,
} from '../support/billing-client.js';
import { type FastHarness, startFastHarness } from '../support/fast-harness.js';
import { captureFile } from '../support/log-capture.js';

// What Temporal's runtime logger of this process wrote (test/support/setup-file.ts installs it with this file).
const temporalLines = (): Json[] =>
  readFileSync(captureFile('temporal') as string, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));

const lineWhere = (what: string, match: (line: Json) => boolean) =>
  until(what, async () => temporalLines().find((line) => line.level === 30 && match(line)));

// On the time-skipping server: the period end, the dunning retry and the approval wait are skipped to.
describe('business lines of the worker', () => {
  let h: FastHarness;
  beforeAll(async () => {
    h = await startFastHarness({ REFUND_APPROVAL_THRESHOLD: '5000' });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('a renewal declined softly and recovered: the decline, and each dunning step into and out of past_due, with their ids', async () => {
    const api = billingClient(h);
    const planId = await createPlan(h, { dunningScheduleSeconds: [10, 20, 30] });
    const user = `user-dunning-log-${Date.now()}`;
    const sub = await activeSubscription(h, user, planId);
    const token = (await savedCards(h, sub.id))[0]?.token ?? '';
    await api.sandbox(`/tokens/${token}/behavior`, { reasonCode: 5051, times: 1 });
    await h.advancePast(sub.currentPeriodEnd);
    const pastDue = await api.waitForStatus(user, sub.id, 'past_due');
    const [renewal] = (await api.invoices(user, sub.id)).filter((i: Json) => i.kind === 'renewal');

    const declined = await lineWhere(
      'the renewal decline',
      (l) => l.msg === 'charge declined' && l.subscriptionId === sub.id,
    );
    expect(declined).toMatchObject({
      invoiceId: renewal.id,
      paymentId: `pay_${renewal.id}_1`,
      attempt: 1,
      acquirer: 'cloudpayments',
      declineCode: '5051',
      declineClass: 'soft',
      activityType: 'chargeInvoice',
    });
    const into = await lineWhere(
      'the step into dunning',
      (l) => l.msg === 'dunning step' && l.to === 'past_due' && l.subscriptionId === sub.id,
    );
    expect(into).toMatchObject({ from: 'active', invoiceId: renewal.id, planId });

    await h.advancePast(pastDue.nextChargeAt);
    await api.waitForStatus(user, sub.id, 'active');
    const out = await lineWhere(
      'the step out of dunning',
      (l) => l.msg === 'dunning step' && l.from === 'past_due' && l.subscriptionId === sub.id,
    );
    expect(out).toMatchObject({ to: 'active' });
    expect(JSON.stringify(temporalLines())).not.toContain(token);
  });

  it('a refund above the threshold: requested, approved by a second operator and succeeded, each with its ids', async () => {
    const planId = await createPlan(h, { amount: 10_000 });
    const sub = await activeSubscription(h, `user-refund-log-${Date.now()}`, planId);
    const r = refundClient(h);
    const payment = await r.paidPayment(`inv_${sub.id}_0`);
    const requested = await r.refund(payment.id, { amount: 8_000, reason: 'complaint' });
    expect(requested.body.status).toBe('awaiting_approval');
    const refundId: string = requested.body.id;
    expect((await r.decide(refundId, 'approve', 'checked', CHECKER)).status).toBe(200);
    await r.settled(refundId);

    const ids = {
      refundId,
      paymentId: payment.id,
      invoiceId: payment.invoiceId,
      subscriptionId: sub.id,
      amount: 8_000,
    };
    const of = (msg: string) => lineWhere(msg, (l) => l.msg === msg && l.refundId === refundId);
    expect(await of('refund requested')).toMatchObject({ ...ids, status: 'awaiting_approval' });
    expect(await of('refund approved')).toMatchObject({ ...ids, status: 'pending', actor: CHECKER });
    expect(await of('refund succeeded')).toMatchObject({ ...ids, status: 'succeeded', acquirer: 'cloudpayments' });
  }, 60_000);
});
