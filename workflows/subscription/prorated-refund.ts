// A cancel with a prorated refund starts a refund workflow for the unused part of the period; it outlives the
// subscription's workflow (ABANDON), and its id derives from the invoice, so it is started once.
import { ParentClosePolicy, startChild } from '@temporalio/workflow';
import { proratedRefundAmount } from '../../domain/proration.js';
import type { refundWorkflow } from '../refund-workflow.js';
import { refundWorkflowId } from '../workflow-ids.js';
import { records } from './activity-proxies.js';

export interface PaidPeriod {
  invoiceId: string;
  periodStart: string;
  periodEnd: string;
}

/** Refunds the unused part of the period paid by `period.invoiceId`, as of now; nothing when nothing is left. */
export async function refundUnusedPeriod(period: PaidPeriod, actor: string) {
  const paid = await records.findRefundablePayment({ invoiceId: period.invoiceId });
  if (!paid) return;
  const amount = proratedRefundAmount(paid.amount, paid.refundable, {
    periodStart: new Date(period.periodStart),
    periodEnd: new Date(period.periodEnd),
    at: new Date(Date.now()),
  });
  if (amount <= 0) return;
  const refundId = `ref_${period.invoiceId}_cancel`;
  await startChild<typeof refundWorkflow>('refundWorkflow', {
    workflowId: refundWorkflowId(refundId),
    args: [
      {
        refundId,
        paymentId: paid.paymentId,
        amount,
        reason: 'prorated refund of the unused period on cancel',
        requestedBy: actor,
        approvalThreshold: null,
        approvalTimeoutMs: 0,
      },
    ],
    parentClosePolicy: ParentClosePolicy.ABANDON,
  });
}
