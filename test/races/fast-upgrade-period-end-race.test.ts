// Race 4 (issue 10): an upgrade whose proration charge is in flight when the period ends.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { activeSubscription, billingClient, createPlan, type Json, until } from '../support/billing-client.js';
import { type FastHarness, startFastHarness } from '../support/fast-harness.js';
import { expectInvariants } from '../support/invariants.js';
import { raceRequests } from '../support/race-requests.js';
import { withinOrDiagnose } from '../support/run-diagnosis.js';
import { periodWaitRunsBesideLastCharge, untilSettled } from '../support/workflow-progress.js';

/**
 * How far before the period end the upgrade arrives. Its workflow task cancels the period's timer; the time-skipping
 * server strands a run whose task cancels a timer that fired meanwhile (sdk-java#3088: the task is never redelivered,
 * so every later request to the run waits forever). A few seconds of margin keep the two apart on a loaded machine.
 */
const MARGIN_MS = 6_000;
const STEP_MS = 20_000;

// A server of its own per attempt (the hooks run again on a retry): a run stranded by the test server's bug above
// holds that server's clock, so a retry on the same server could not skip time either.
describe('race 4: an upgrade whose proration is in flight at the period end', () => {
  let h: FastHarness;
  beforeEach(async () => {
    h = await startFastHarness();
  }, 60_000);
  afterEach(async () => {
    await h?.close();
  });

  it("the renewal is charged after it at the new plan's price, and a cancel during that charge is refused, or kept", {
    timeout: 120_000,
    retry: 1,
  }, async () => {
    const plan = (amount: number) =>
      createPlan(h, { period: { unit: 'minute', count: 1 }, amount, dunningScheduleSeconds: [86_400] });
    const [minute, minutePremium] = [await plan(1000), await plan(2000)];
    const api = billingClient(h);
    const r = raceRequests(h);
    const user = `user-upgrade-${randomUUID().slice(0, 8)}`;
    const sub = await activeSubscription(h, user, minute);
    const step = <T>(what: string, promise: Promise<T>) => withinOrDiagnose(h, sub.id, promise, STEP_MS, what);
    const periodEnd = Date.parse(sub.currentPeriodEnd);
    // Skip only once the run waits on its timer alone: a skip beside a task in flight can strand it (sdk-java#3088).
    await untilSettled(h, sub.id);
    await step('the skip to just before the period end', h.advance(periodEnd - (await h.now()).getTime() - MARGIN_MS));
    const renewalId = `inv_${sub.id}_1`;
    const proration = h.gates.hold('chargeInvoice', {
      phase: 'before',
      match: (i) => i.subscriptionId === sub.id && i.invoiceId !== renewalId,
    });
    const renewal = h.gates.hold('chargeInvoice', { phase: 'before', match: (i) => i.invoiceId === renewalId });
    let renewalStarted = false;
    void renewal.reached.then(() => {
      renewalStarted = true;
    });
    const upgrading = r.changePlan(user, sub.id, minutePremium);
    let cancel: Json;
    try {
      await step('the proration charge to start', proration.reached);
      await until('the period end to pass', async () => (await h.now()).getTime() > periodEnd);
      // On the first release the period end goes on beside the upgrade: its renewal charge starts meanwhile.
      if (await periodWaitRunsBesideLastCharge(h, sub.id))
        await until('the renewal charge', async () => renewalStarted);
      proration.release();
      expect((await step('the upgrade to be answered', upgrading)).status).toBe(200);
      await until('the renewal charge to start', async () => renewalStarted);
      cancel = await step('the cancel to be answered', r.cancelNow(user, sub.id));
    } finally {
      proration.release();
      renewal.release();
    }
    // The renewal charge released just now has to end first: on a loaded machine its acquirer call alone may take
    // the acquirer client's whole 5 s, the invariants' default wait.
    await expectInvariants(h, sub.id, r.answers, 30_000);
    const invoice = (await api.invoices(user, sub.id)).find((i: Json) => i.id === renewalId);
    expect(invoice).toMatchObject({ amount: 2000, status: 'paid' });
    const now = await api.subscription(user, sub.id);
    if (cancel.status === 200) expect(now).toMatchObject({ status: 'canceled', cancelReason: 'user' });
    else expect([cancel.status, cancel.body.error.code, now.planId]).toEqual([409, 'invalid_state', minutePremium]);
    if (now.status === 'active') await step('the operator cancel to be answered', r.adminCancel(sub.id));
  });
});
