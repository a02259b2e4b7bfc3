import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, eventOutbox, payments, refunds } from '../../db/schema/index.js';
import { activeSubscription, billingClient, createMinutePlan, type Json, until } from '../support/billing-client.js';
import { type Harness, startHarness } from '../support/harness.js';
import { body } from '../support/http.js';
import { invariantsOfEachTest } from '../support/invariants.js';
import { refundClient } from './refund-client.js';

// Our refunds against the acquirer's truth: never failed while they may still happen, corrected when they did.
describe('refund books', () => {
  let h: Harness;
  const checkInvariants = invariantsOfEachTest(() => h);
  let planId: string;
  beforeAll(async () => {
    h = await startHarness({ RECONCILIATION_INTERVAL_SECONDS: '86400', RECONCILIATION_STALE_AFTER_SECONDS: '1' });
    planId = await createMinutePlan(h, { amount: 10_000, period: { unit: 'day', count: 1 } });
  });
  afterEach(async () => {
    await billingClient(h)
      .sandbox('/faults', {})
      .catch(() => {});
    await checkInvariants();
  });
  afterAll(async () => {
    await h?.close();
  });

  const run = async (): Promise<Json> => {
    const res = await billingClient(h).call('POST', '/v1/admin/reconciliation/run', 'admin-ops');
    expect(res.status).toBe(202);
    return h.client.workflow.getHandle(res.body.workflowId).result();
  };
  const paidPayment = async (tag: string) => {
    const sub = await activeSubscription(h, `user-books-${tag}-${randomUUID()}`, planId);
    return refundClient(h).paidPayment(`inv_${sub.id}_0`);
  };
  /** A refund row as an earlier release left it: `failed` (its reservation released) or `succeeded` (applied). */
  const refundRow = async (paymentId: string, status: 'failed' | 'succeeded', amount: number) => {
    const id = `ref_${randomUUID()}`;
    await h.database.db.insert(refunds).values({
      id,
      paymentId,
      amount,
      currency: 'RUB',
      status,
      reason: 'written by an earlier release',
      idempotencyKey: id,
      requestedBy: 'admin-refunds',
      failureReason: status === 'failed' ? 'not_found_at_acquirer' : null,
      providerTransactionId: status === 'succeeded' ? '999000111' : null,
    });
    if (status === 'succeeded') {
      await h.database.db
        .update(payments)
        .set({ refundedAmount: sql`${payments.refundedAmount} + ${amount}` })
        .where(eq(payments.id, paymentId));
    }
    return id;
  };
  /** The acquirer makes our refund late (its back office, or our lost call landing): JsonData names our refund. */
  const refundAtAcquirer = async (paymentTransactionId: string, refundId: string, amount: number) => {
    const auth = Buffer.from(`${h.config.sandbox.publicId}:${h.config.sandbox.apiSecret}`).toString('base64');
    const res = await fetch(`${h.sandboxUrl}/payments/refund`, {
      method: 'POST',
      headers: { authorization: `Basic ${auth}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        TransactionId: Number(paymentTransactionId),
        Amount: amount / 100,
        JsonData: JSON.stringify({ refundId }),
      }),
    });
    return String((await body(res)).Model.TransactionId);
  };
  const corrected = (refundId: string) =>
    until(
      `refund ${refundId} to be corrected`,
      async () => {
        const r = await refundClient(h).get(refundId);
        return r.status === 'succeeded' ? r : undefined;
      },
      20_000,
    );
  const trailOf = async (refundId: string) =>
    (await h.database.db.select().from(auditLog).where(eq(auditLog.entityId, refundId))).map((a) => [
      a.action,
      a.actor,
    ]);
  const eventsOf = async (refundId: string) =>
    (await h.database.db.select().from(eventOutbox)).filter((e) => e.data.refundId === refundId);

  it('a refund whose call the acquirer did not answer stays pending through a run, then is refunded once', async () => {
    const r = refundClient(h);
    const api = billingClient(h);
    const p = await paidPayment('no-answer');
    await api.sandbox('/faults', { errorRate: 1, paths: ['/payments/refund'] });
    const requested = await r.refund(p.id, { amount: 2_500, reason: 'acquirer down' });
    expect(requested.status).toBe(202);
    // Past the stale threshold since the call was made; the call may still land (it is retried), so no verdict.
    await until('the call to have gone out over a second ago', async () => {
      const [row] = await h.database.db.select().from(refunds).where(eq(refunds.id, requested.body.id));
      const sentAt = row?.details?.sentAt as string | undefined;
      return sentAt && Date.now() - Date.parse(sentAt) > 1_500 ? true : undefined;
    });
    await run();
    expect((await r.get(requested.body.id)).status).toBe('pending');

    await api.sandbox('/faults', {});
    expect(await r.settled(requested.body.id)).toMatchObject({ status: 'succeeded' });
    expect((await r.ledgerRefunds(p.invoiceId)).map((t: Json) => t.Amount)).toEqual([25]);
    expect((await r.payment(p.id)).refundedAmount).toBe(2_500);
  }, 90_000);

  it('a refund notification for a refund we marked failed corrects it: succeeded, amount re-applied, audited, announced', async () => {
    const p = await paidPayment('notified');
    const refundId = await refundRow(p.id, 'failed', 3_000);
    const txId = await refundAtAcquirer(p.providerTransactionId ?? '', refundId, 3_000);
    expect(await corrected(refundId)).toMatchObject({ status: 'succeeded', providerTransactionId: txId });
    expect((await refundClient(h).payment(p.id)).refundedAmount).toBe(3_000);
    expect(await trailOf(refundId)).toEqual([['refund.corrected', 'system:webhook']]);
    expect((await eventsOf(refundId)).map((e) => e.type)).toEqual(['refund.succeeded']);
  }, 60_000);

  it('a run corrects a refund the acquirer made that we show failed, and flags one we show done that it never made', async () => {
    const api = billingClient(h);
    const p = await paidPayment('run');
    // The acquirer's refund notification is lost: only the run can learn of it.
    await api.sandbox('/faults', { dropNotificationRate: 1 });
    const failedId = await refundRow(p.id, 'failed', 1_000);
    const txId = await refundAtAcquirer(p.providerTransactionId ?? '', failedId, 1_000);
    const claimedId = await refundRow(p.id, 'succeeded', 2_000);

    const summary = await run();
    expect(summary.correctedRefunds).toBe(1);
    expect(await refundClient(h).get(failedId)).toMatchObject({ status: 'succeeded', providerTransactionId: txId });
    expect((await refundClient(h).payment(p.id)).refundedAmount).toBe(3_000);
    expect(await trailOf(failedId)).toEqual([['refund.corrected', 'system:reconciliation']]);
    expect((await eventsOf(failedId)).map((e) => e.type)).toEqual(['refund.succeeded']);

    const listed = await api.call(
      'GET',
      '/v1/admin/reconciliation/discrepancies?kind=refund_status_mismatch&resolved=false',
      'admin-ops',
    );
    expect(listed.status).toBe(200);
    const mine = listed.body.items.filter((d: Json) => d.refundId === claimedId);
    expect(mine).toEqual([
      expect.objectContaining({
        kind: 'refund_status_mismatch',
        ours: expect.objectContaining({ status: 'succeeded', amount: 2_000 }),
        acquirer: expect.objectContaining({ outcome: 'declined' }),
      }),
    ]);
    expect((await refundClient(h).get(claimedId)).status).toBe('succeeded');
    const again = await run();
    expect(again.correctedRefunds ?? 0).toBe(0);
    const twice = await api.call(
      'GET',
      '/v1/admin/reconciliation/discrepancies?kind=refund_status_mismatch',
      'admin-ops',
    );
    expect(twice.body.items.filter((d: Json) => d.refundId === claimedId)).toHaveLength(1);
    expect(
      await h.database.db
        .select()
        .from(refunds)
        .where(and(eq(refunds.id, failedId), eq(refunds.status, 'succeeded'))),
    ).toHaveLength(1);
  }, 90_000);
});
