// The requests a user, an operator or a refund make of a subscription, over the HTTP API, each answer recorded with
// its place in the activity trace so the invariants can tell what started after an accepted cancel.
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { payments } from '../../db/schema/index.js';
import { refundWorkflowId } from '../../workflows/workflow-ids.js';
import { billingClient, type Json, until } from './billing-client.js';
import type { Answer } from './invariant-rules.js';
import type { TracedHarness } from './invariants.js';

export const OPERATOR = 'admin-races';

export type Reply = { status: number; body: Json };

export function raceRequests(h: TracedHarness) {
  const api = billingClient(h);
  const answers: Answer[] = [];
  const record = async (kind: Answer['kind'], what: string, call: Promise<Reply>): Promise<Reply> => {
    const reply = await call;
    answers.push({ kind, what, status: reply.status, at: h.trace().at(-1)?.seq ?? 0 });
    return reply;
  };
  const post = (user: string, path: string, body?: Json) => api.call('POST', path, user, body);

  return {
    answers,
    cancelNow: (user: string, id: string) =>
      record('cancel_now', 'cancel immediately', post(user, `/v1/subscriptions/${id}/cancel`, { mode: 'immediately' })),
    cancelAtPeriodEnd: (user: string, id: string) =>
      record(
        'cancel_at_period_end',
        'cancel at period end',
        post(user, `/v1/subscriptions/${id}/cancel`, { mode: 'at_period_end' }),
      ),
    resume: (user: string, id: string) => record('resume', 'resume', post(user, `/v1/subscriptions/${id}/resume`)),
    adminCancel: (id: string) =>
      record(
        'cancel_now',
        'operator cancel',
        post(OPERATOR, `/v1/admin/subscriptions/${id}/cancel`, { mode: 'immediately', reason: 'race test' }),
      ),
    changePlan: (user: string, id: string, planId: string) =>
      record('other', `change plan to ${planId}`, post(user, `/v1/subscriptions/${id}/change-plan`, { planId })),
    newCard: (user: string, id: string) =>
      record('other', 'new card', post(user, `/v1/subscriptions/${id}/payment-method`)),
    /** A full refund of an invoice's captured payment; once accepted, waits until the refund workflow has ended. */
    async fullRefund(invoiceId: string): Promise<Reply> {
      const [paid] = await h.database.db
        .select()
        .from(payments)
        .where(and(eq(payments.invoiceId, invoiceId), eq(payments.status, 'succeeded')));
      if (!paid) throw new Error(`no captured payment of ${invoiceId}`);
      const path = `/v1/payments/${paid.id}/refunds`;
      const reply = await record(
        'other',
        `full refund of ${invoiceId}`,
        api.call('POST', path, OPERATOR, { reason: 'race test' }, { 'idempotency-key': randomUUID() }),
      );
      if (reply.status < 300) await refundEnded(h, reply.body.id);
      return reply;
    },
  };
}

/** The refund workflow has ended, so the subscription has been told (or the refund failed). */
export const refundEnded = (h: TracedHarness, refundId: string) =>
  until(`refund ${refundId} to end`, async () => {
    const { status } = await h.client.workflow.getHandle(refundWorkflowId(refundId)).describe();
    return status.name !== 'RUNNING';
  });
