// One workflow per refund (`refund-<id>`), a saga: reserve the amount against what is refundable, wait for an
// operator when it is large, ask the acquirer, then record the outcome — or compensate (release the reservation).
import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  CancellationScope,
  condition,
  getExternalWorkflowHandle,
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
      validator: (_decision) => {
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
    const fact = await sendOrHear(request.refundId, () => heard);
    const settled = await records.settleRefund({ refundId: request.refundId, fact });
    view = settled.view;
    if (settled.fullyRefunded && view.status === 'succeeded') await tellSubscription(view);
  }
  await condition(allHandlersFinished);
  return view.status;
}

/** The acquirer's answer to our refund call, or what it told us otherwise first (then the call is abandoned). */
async function sendOrHear(refundId: string, heard: () => RefundResultFact | undefined): Promise<RefundResultFact> {
  const scope = new CancellationScope();
  const sending = scope.run(() => acquirer.sendRefund({ refundId }));
  sending.catch(() => undefined);
  const notice = condition(() => heard() !== undefined).then(() => heard() as RefundResultFact);
  const fact = await Promise.race([sending, notice]);
  if (fact === heard()) scope.cancel();
  return fact;
}

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
