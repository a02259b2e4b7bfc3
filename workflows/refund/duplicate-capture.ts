// Reconciliation gives a duplicate capture back by starting a refund workflow, like a cancel's prorated refund: it
// outlives the run (ABANDON), and its id derives from the acquirer transaction, so one duplicate is refunded once.
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, startChild } from '@temporalio/workflow';
import type { refundWorkflow } from '../refund-workflow.js';
import { refundWorkflowId } from '../workflow-ids.js';
import type { RefundRequest } from './types.js';

/** Patch id: reconciliation runs from this release on refund the duplicate captures they find. */
export const RECONCILIATION_REFUNDS_DUPLICATES = 'reconciliation-refunds-duplicates';

/** Starts the refund; false when it was started already (an earlier run, still going). */
export async function startDuplicateRefund(request: RefundRequest): Promise<boolean> {
  try {
    await startChild<typeof refundWorkflow>('refundWorkflow', {
      workflowId: refundWorkflowId(request.refundId),
      args: [request],
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
    return true;
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return false;
    throw error;
  }
}
