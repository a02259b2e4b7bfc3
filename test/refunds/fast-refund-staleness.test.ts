import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { activeSubscription, billingClient, createPlan, type Json } from '../support/billing-client.js';
import { type FastHarness, startFastHarness } from '../support/fast-harness.js';
import { invariantsOfEachTest } from '../support/invariants.js';
import { CHECKER, refundClient } from './refund-client.js';

// Staleness counts from the last call to the acquirer, not from creation: skipped to on the time-skipping server.
describe('a refund approved after a long wait', () => {
  let h: FastHarness;
  afterEach(invariantsOfEachTest(() => h));
  let planId: string;
  beforeAll(async () => {
    h = await startFastHarness({
      REFUND_APPROVAL_THRESHOLD: '5000',
      REFUND_APPROVAL_TIMEOUT_SECONDS: String(3 * 86_400),
      RECONCILIATION_STALE_AFTER_SECONDS: '60',
    });
    planId = await createPlan(h, { amount: 10_000 });
  });
  afterAll(async () => {
    await h?.close();
  });

  const run = async (): Promise<Json> => {
    const res = await billingClient(h).call('POST', '/v1/admin/reconciliation/run', 'admin-ops');
    expect(res.status).toBe(202);
    return h.client.workflow.getHandle(res.body.workflowId).result();
  };

  it('is not failed by a reconciliation run that comes before its call to the acquirer; it is refunded once', async () => {
    const r = refundClient(h);
    const sub = await activeSubscription(h, `user-stale-approval-${Date.now()}`, planId);
    const p = await r.paidPayment(`inv_${sub.id}_0`);
    const requested = await r.refund(p.id, { amount: 8_000, reason: 'waited for finance' });
    expect(requested.body).toMatchObject({ status: 'awaiting_approval' });
    await h.advance('2 days');

    // Approved two days after it was created; the run comes before the workflow's call reaches the acquirer.
    const sending = h.gates.hold('sendRefund', { phase: 'before', match: (i) => i.refundId === requested.body.id });
    const approved = await r.decide(requested.body.id, 'approve', 'finance said yes', CHECKER);
    expect(approved.body).toMatchObject({ status: 'pending' });
    await sending.reached;
    const summary = await run();
    expect(summary.signalledRefunds).toBe(0);
    expect((await r.get(requested.body.id)).status).toBe('pending');

    sending.release();
    expect(await r.settled(requested.body.id)).toMatchObject({ status: 'succeeded', failureReason: null });
    expect((await r.ledgerRefunds(p.invoiceId)).map((t: Json) => t.Amount)).toEqual([80]);
    expect((await r.payment(p.id)).refundedAmount).toBe(8_000);
  }, 90_000);
});
