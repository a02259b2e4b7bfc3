// One workflow per refund (`refund-<id>`), a saga: reserve the amount against what is refundable, wait for an
// operator when it is large, ask the acquirer, then record the outcome — or compensate (release the reservation).
import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  CancellationScope,
  condition,
  getExternalWorkflowHandle,
  patched,
  setHandler,
} from '@temporalio/workflow';
import type { RefundStatus } from '../db/schema/statuses.js';
import { decideRefundUpdate, openRefundUpdate, refundResultSignal, refundStateQuery } from './refund/messages.js';
import type { RefundDecision, RefundRequest, RefundResultFact, RefundView } from './refund/types.js';
import { acquirer, records } from './subscription/activity-proxies.js';
import { paymentRefundedSignal } from './subscription/messages.js';
import { subscriptionWorkflowId } from './workflow-ids.js';

const REFUSALS = ['refund_exceeds_captured', 'payment_not_refundable', 'payment_not_found'];

export async function refundWorkflow(request: RefundRequest): Promise<RefundStatus | 'not_opened'> {
  let view: RefundView | undefined;
  let refusal: ApplicationFailure | undefined;
  let decision: RefundDecision | undefined;
  let heard: RefundResultFact | undefined;

  setHandler(refundStateQuery, () => view ?? null);
  setHandler(refundResultSignal, (fact) => {
    heard ??= fact;
  });
  setHandler(openRefundUpdate, async () => {
    await condition(() => view !== undefined || refusal !== undefined);
    if (refusal) throw refusal;
    return view as RefundView;
  });
  setHandler(
    decideRefundUpdate,
    async (d) => {
      decision = d;
      await condition(() => view?.status !== 'awaiting_approval');
      return view as RefundView;
    },
    {
      // Validators do not run on replay and a refused update leaves no trace in history, so no patch is needed.
      validator: (d) => {
        if (d.approved && d.actor === request.requestedBy) throw secondOperatorRequired(request.requestedBy);
        if (view?.status === 'awaiting_approval' && !decision) return;
        throw ApplicationFailure.create({
          type: 'invalid_state',
          message: `Cannot decide a refund that is ${view?.status ?? 'not open'}`,
          details: [{ operation: 'decide refund', current: view?.status ?? null, expected: ['awaiting_approval'] }],
          nonRetryable: true,
        });
      },
    },
  );

  try {
    view = await records.reserveRefund(request);
  } catch (error) {
    refusal = refusalOf(error);
    if (!refusal) throw error;
    await condition(allHandlersFinished);
    return 'not_opened';
  }

  if (view.status === 'awaiting_approval') {
    const deadline = Date.parse(view.approvalDeadline ?? new Date(Date.now()).toISOString());
    await condition(() => decision !== undefined, Math.max(deadline - Date.now(), 0));
    const final = decision ?? { approved: false, actor: 'system:approval_deadline', reason: 'no decision in time' };
    view = await records.decideRefund({ refundId: request.refundId, decision: final });
  }

  if (view.status === 'pending') {
    const { fact, call } = await sendOrHear(request.refundId, () => heard);
    let settled = await records.settleRefund({ refundId: request.refundId, fact });
    if (settled.view.status === 'pending' && patched(REFUND_HEARD_NOT_FOUND_WAITS)) {
      // What we heard ("not found" while our call may still land) settled nothing: our own call's answer does. A
      // call cancelled by a run recorded before release 2 is made again; it looks the refund up before sending.
      const own = (await call) ?? (await acquirer.sendRefund({ refundId: request.refundId }));
      settled = await records.settleRefund({ refundId: request.refundId, fact: own });
    }
    view = settled.view;
    // A duplicate capture given back leaves the invoice paid by its first capture (an input field only new runs
    // carry, so older histories replay unchanged without a patch).
    const duplicate = request.duplicateCapture;
    if (settled.fullyRefunded && view.status === 'succeeded' && !duplicate) await tellSubscription(view);
    if (duplicate && view.status === 'succeeded') {
      await records.recordDuplicateRefunded({ refundId: request.refundId, duplicate });
    }
    await call;
  }
  await condition(allHandlersFinished);
  return view.status;
}

/**
 * The acquirer's answer to our refund call, or what it told us otherwise first (a notification, reconciliation). The
 * call is never cancelled: it may already have reached the acquirer, so the workflow waits for it to end (`call`)
 * before it finishes; it is keyed by the refund id, so it changes nothing more there. Runs recorded before this
 * cancelled the call when the notification came first, and keep doing so on replay.
 */
async function sendOrHear(refundId: string, heard: () => RefundResultFact | undefined) {
  const legacy = !patched(REFUND_CALL_NEVER_CANCELLED);
  const scope = new CancellationScope();
  const sending = legacy ? scope.run(() => acquirer.sendRefund({ refundId })) : acquirer.sendRefund({ refundId });
  const call = sending.then(
    (fact): RefundResultFact | undefined => fact,
    () => undefined,
  );
  const notice = condition(() => heard() !== undefined).then(() => heard() as RefundResultFact);
  const fact = await Promise.race([sending, notice]);
  if (legacy && fact === heard()) scope.cancel();
  return { fact, call: legacy ? Promise.resolve(undefined) : call };
}

/** Patch id: release 2 of the refund workflow lets its acquirer call end instead of cancelling it. */
export const REFUND_CALL_NEVER_CANCELLED = 'refund-call-never-cancelled';

/**
 * Patch id: release 3 keeps a refund pending when reconciliation's "not found" comes while our call may still reach
 * the acquirer, and settles it with the call's own answer instead of failing it.
 */
export const REFUND_HEARD_NOT_FOUND_WAITS = 'refund-heard-not-found-waits';

/** A full refund of the current period's payment ends the subscription; the subscription decides whether it is. */
async function tellSubscription(view: RefundView) {
  try {
    await getExternalWorkflowHandle(subscriptionWorkflowId(view.subscriptionId)).signal(paymentRefundedSignal, {
      invoiceId: view.invoiceId,
      refundId: view.refundId,
    });
  } catch {
    // The subscription has already ended: nothing left to cancel.
  }
}

/** Maker-checker: the operator who asked for a refund never approves it (the API refuses first; this is the rule). */
const secondOperatorRequired = (requestedBy: string) =>
  ApplicationFailure.create({
    type: 'approval_requires_second_operator',
    message: 'A refund is approved by another operator than the one who requested it',
    details: [{ requestedBy }],
    nonRetryable: true,
  });

function refusalOf(error: unknown): ApplicationFailure | undefined {
  const cause = error instanceof ActivityFailure ? error.cause : undefined;
  if (!(cause instanceof ApplicationFailure) || !REFUSALS.includes(cause.type ?? '')) return undefined;
  return ApplicationFailure.create({
    type: cause.type ?? 'refund_refused',
    message: cause.message,
    details: cause.details as unknown[],
    nonRetryable: true,
  });
}
