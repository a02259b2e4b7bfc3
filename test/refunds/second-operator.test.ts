import { WorkflowUpdateFailedError } from '@temporalio/client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { decideRefundUpdate, refundStateQuery } from '../../workflows/refund/messages.js';
import { activeSubscription, billingClient, createPlan, type Json } from '../support/billing-client.js';
import { type Harness, startHarness } from '../support/harness.js';
import { invariantsOfEachTest } from '../support/invariants.js';
import { ADMIN, CHECKER, refundClient } from './refund-client.js';

const DAY = { unit: 'day', count: 1 };

// Maker-checker (issue 11, point 3): a refund above the threshold is approved by another operator than its requester.
describe('refunds above the threshold need a second operator', () => {
  let h: Harness;
  afterEach(invariantsOfEachTest(() => h));
  let planId: string;
  beforeAll(async () => {
    h = await startHarness({ REFUND_APPROVAL_THRESHOLD: '5000' });
    planId = await createPlan(h, { amount: 10_000, period: DAY });
  });
  afterAll(async () => {
    await h?.close();
  });

  const awaitingApproval = async (tag: string) => {
    const sub = await activeSubscription(h, `user-maker-${tag}-${Date.now()}`, planId);
    const payment = await refundClient(h).paidPayment(`inv_${sub.id}_0`);
    const res = await refundClient(h).refund(payment.id, { amount: 8_000, reason: `large ${tag}` });
    expect(res.body).toMatchObject({ status: 'awaiting_approval', requestedBy: ADMIN });
    return { payment, refund: res.body as Json };
  };
  const auditOf = async (refundId: string) => {
    const res = await billingClient(h).call('GET', `/v1/admin/audit?entityId=${refundId}`, CHECKER);
    return (res.body.items as Json[]).reverse();
  };

  it('the requester approving is 403 approval_requires_second_operator and changes nothing; another operator approves', async () => {
    const r = refundClient(h);
    const { payment, refund } = await awaitingApproval('self');

    for (const key of [undefined, 'self-approve-1']) {
      const self = await r.decide(refund.id, 'approve', 'looks fine to me', ADMIN, key);
      expect([self.status, self.body.error.code]).toEqual([403, 'approval_requires_second_operator']);
      expect(self.headers.get('idempotent-replayed')).toBeNull();
    }
    expect(await r.get(refund.id)).toMatchObject({ status: 'awaiting_approval', decidedBy: null });
    const state = await h.client.workflow.getHandle(`refund-${refund.id}`).query(refundStateQuery);
    expect(state?.status).toBe('awaiting_approval');
    expect((await auditOf(refund.id)).map((a) => a.action)).toEqual(['refund.requested']);
    expect(await r.ledgerRefunds(payment.invoiceId)).toEqual([]);

    const approved = await r.decide(refund.id, 'approve', 'second pair of eyes', CHECKER);
    expect([approved.status, approved.body.decidedBy, approved.body.requestedBy]).toEqual([200, CHECKER, ADMIN]);
    expect(await r.settled(refund.id)).toMatchObject({ status: 'succeeded' });
    expect(await r.ledgerRefunds(payment.invoiceId)).toHaveLength(1);
    const audit = await auditOf(refund.id);
    expect(audit.map((a) => [a.action, a.actor])).toEqual([
      ['refund.requested', ADMIN],
      ['refund.approved', CHECKER],
      ['refund.succeeded', 'system:refund'],
    ]);
    expect(audit[1].after).toMatchObject({ status: 'pending', requestedBy: ADMIN });
  }, 90_000);

  it('the requester may withdraw their own request (reject); the audit names the rejecter; a replayed reject is the first answer', async () => {
    const r = refundClient(h);
    const { payment, refund } = await awaitingApproval('withdraw');
    const first = await r.decide(refund.id, 'reject', 'asked by mistake', ADMIN, 'withdraw-1');
    expect(first.body).toMatchObject({ status: 'rejected', decidedBy: ADMIN, failureReason: 'asked by mistake' });
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const again = await r.decide(refund.id, 'reject', 'asked by mistake', ADMIN, 'withdraw-1');
    expect([again.status, again.headers.get('idempotent-replayed')]).toEqual([200, 'true']);
    expect(again.body).toEqual(first.body);
    expect((await auditOf(refund.id)).map((a) => [a.action, a.actor])).toEqual([
      ['refund.requested', ADMIN],
      ['refund.rejected', ADMIN],
    ]);
    expect(await r.ledgerRefunds(payment.invoiceId)).toEqual([]);
    expect((await r.paidPayment(payment.invoiceId)).reservedRefundAmount).toBe(0);
  }, 90_000);

  it('a replayed approve answers the first approval and refunds once', async () => {
    const r = refundClient(h);
    const { payment, refund } = await awaitingApproval('replay');
    const first = await r.decide(refund.id, 'approve', 'ok', CHECKER, 'approve-1');
    expect([first.status, first.headers.get('idempotent-replayed')]).toEqual([200, null]);
    await r.settled(refund.id);
    const again = await r.decide(refund.id, 'approve', 'ok', CHECKER, 'approve-1');
    expect([again.status, again.headers.get('idempotent-replayed')]).toEqual([200, 'true']);
    expect(again.body).toEqual(first.body);
    const reused = await r.decide(refund.id, 'approve', 'another reason', CHECKER, 'approve-1');
    expect([reused.status, reused.body.error.code]).toEqual([409, 'idempotency_key_reused']);
    expect(await r.ledgerRefunds(payment.invoiceId)).toHaveLength(1);
    expect((await auditOf(refund.id)).filter((a) => a.action === 'refund.approved')).toHaveLength(1);
  }, 90_000);

  it('the workflow refuses the requester too, whoever asks it directly (its update validator)', async () => {
    const { refund } = await awaitingApproval('validator');
    const handle = h.client.workflow.getHandle(`refund-${refund.id}`);
    const direct = handle.executeUpdate(decideRefundUpdate, { args: [{ approved: true, actor: ADMIN }] });
    await expect(direct).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    await expect(direct).rejects.toMatchObject({ cause: { type: 'approval_requires_second_operator' } });
    expect((await handle.query(refundStateQuery))?.status).toBe('awaiting_approval');
    // Leave nothing waiting: the requester withdraws it.
    expect((await refundClient(h).decide(refund.id, 'reject', 'test over')).body.status).toBe('rejected');
  }, 90_000);
});
