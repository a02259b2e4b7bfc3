import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema/index.js';
import { activeSubscription, billingClient, createPlan } from '../support/billing-client.js';
import { type FastHarness, startFastHarness } from '../support/fast-harness.js';
import { recordHistory } from '../support/histories.js';
import { invariantsOfEachTest } from '../support/invariants.js';
import { CHECKER, refundClient } from './refund-client.js';

// On the time-skipping server: the approval deadline is skipped to, not waited for.
describe('refunds above the approval threshold', () => {
  let h: FastHarness;
  afterEach(invariantsOfEachTest(() => h));
  let planId: string;
  beforeAll(async () => {
    h = await startFastHarness({ REFUND_APPROVAL_THRESHOLD: '5000', REFUND_APPROVAL_TIMEOUT_SECONDS: '10' });
    planId = await createPlan(h, { amount: 10_000 });
  });
  afterAll(async () => {
    await h?.close();
  });

  const payment = async (tag: string) => {
    const sub = await activeSubscription(h, `user-approval-${tag}-${Date.now()}`, planId);
    return refundClient(h).paidPayment(`inv_${sub.id}_0`);
  };

  it('approve: the refund waits, then is sent once an operator approves; both steps are audited', async () => {
    const r = refundClient(h);
    const p = await payment('approve');
    const res = await r.refund(p.id, { amount: 8_000, reason: 'big one' });
    expect(res.body).toMatchObject({ status: 'awaiting_approval', approvalDeadline: expect.any(String) });
    expect(await r.ledgerRefunds(p.invoiceId)).toEqual([]);
    const small = await r.refund(p.id, { amount: 2_001, reason: 'over what is left after the reservation' });
    expect(small.status).toBe(422);
    const approved = await r.decide(res.body.id, 'approve', 'checked the complaint', CHECKER);
    expect(approved.status).toBe(200);
    expect(approved.body.decidedBy).toBe(CHECKER);
    expect(await r.settled(res.body.id)).toMatchObject({ status: 'succeeded' });
    expect(await r.ledgerRefunds(p.invoiceId)).toHaveLength(1);
    const twice = await r.decide(res.body.id, 'approve', undefined, CHECKER);
    expect([twice.status, twice.body.error.code]).toEqual([409, 'invalid_state']);
    const audit = await h.database.db.select().from(auditLog).where(eq(auditLog.entityId, res.body.id));
    expect(audit.map((a) => a.action)).toEqual(['refund.requested', 'refund.approved', 'refund.succeeded']);
    expect(audit[1]).toMatchObject({ actor: CHECKER, reason: 'checked the complaint' });
    await recordHistory(h.client, 'refund-approved', `refund-${res.body.id}`);
  }, 60_000);

  it('reject: nothing reaches the acquirer and the reservation is released', async () => {
    const r = refundClient(h);
    const p = await payment('reject');
    const res = await r.refund(p.id, { amount: 9_000, reason: 'big one' });
    const rejected = await r.decide(res.body.id, 'reject', 'fraud suspected');
    expect(rejected.body).toMatchObject({
      status: 'rejected',
      decidedBy: 'admin-refunds',
      failureReason: 'fraud suspected',
    });
    expect(await r.ledgerRefunds(p.invoiceId)).toEqual([]);
    const full = await r.refund(p.id, { amount: 4_000, reason: 'below the threshold' });
    expect(await r.settled(full.body.id)).toMatchObject({ status: 'succeeded' });
  }, 60_000);

  it('no decision before the deadline: rejected by the system, nothing refunded', async () => {
    const r = refundClient(h);
    const p = await payment('deadline');
    const res = await r.refund(p.id, { amount: 7_000, reason: 'nobody looks' });
    expect(res.body).toMatchObject({ status: 'awaiting_approval' });
    await h.advancePast(res.body.approvalDeadline);
    const ended = await r.settled(res.body.id);
    expect(ended).toMatchObject({ status: 'rejected', decidedBy: 'system:approval_deadline' });
    expect(await r.ledgerRefunds(p.invoiceId)).toEqual([]);
    expect((await r.payment(p.id)).refundedAmount).toBe(0);
    await recordHistory(h.client, 'refund-approval-deadline', `refund-${res.body.id}`);
    await expect(billingClient(h).call('GET', `/v1/refunds/${res.body.id}`, 'admin-x')).resolves.toMatchObject({
      status: 200,
    });
  }, 60_000);
});
