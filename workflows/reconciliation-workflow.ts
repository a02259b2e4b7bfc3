// One reconciliation run (`reconciliation-…`, started by the schedule or an operator): settle payments and refunds
// whose answer was lost, tell subscription workflows of payments they never heard of, and store every disagreement
// between our books and the acquirer's. Decisions only; every read and write is an activity.
import {
  ActivityFailure,
  getExternalWorkflowHandle,
  isCancellation,
  patched,
  proxyActivities,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { FoundDiscrepancy } from '../activities/reconciliation-compare.js';
import type { ReconciliationSummary } from '../activities/reconciliation-runs.js';
import type { PaymentOutcomeFact } from '../domain/subscription/messages.js';
import { RECONCILIATION_REFUNDS_DUPLICATES, startDuplicateRefund } from './refund/duplicate-capture.js';
import type { RefundResultFact } from './refund/types.js';
import { paymentRefundedSignal, paymentResultSignal } from './subscription/messages.js';
import { refundWorkflowId, subscriptionWorkflowId } from './workflow-ids.js';

export interface ReconciliationInput {
  /** Defaults to the workflow id (a scheduled run's id is unique per firing). */
  runId?: string | undefined;
  requestedBy: string;
  staleAfterSeconds: number;
  lookbackSeconds: number;
}

export type ReconciliationResult = ReconciliationSummary & { runId: string };

/** Signal name the refund workflow listens on; it is defined there, so only the name is shared. */
export const REFUND_RESULT_SIGNAL = 'refundResult';
const BATCH = 500;
/** Patch id: runs compare refunds by status and set the books to the acquirer's where the truth is certain. */
export const RECONCILIATION_REFUND_STATUS = 'reconciliation-refund-status';

const records = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', backoffCoefficient: 2, maximumAttempts: 10 },
});

/** A run is not the place to wait out an outage: a few tries, then the step is counted and left for the next run. */
const acquirer = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '2 seconds', maximumInterval: '20 seconds', backoffCoefficient: 2, maximumAttempts: 4 },
});

export async function reconciliationWorkflow(input: ReconciliationInput): Promise<ReconciliationResult> {
  const runId = input.runId ?? workflowInfo().workflowId;
  const now = Date.now();
  const staleBefore = new Date(now - input.staleAfterSeconds * 1000).toISOString();
  const summary: ReconciliationSummary = {
    stalePayments: 0,
    settledPayments: 0,
    listedTransactions: 0,
    signalledPayments: 0,
    discrepanciesFound: 0,
    discrepanciesNew: 0,
    staleRefunds: 0,
    signalledRefunds: 0,
    acquirerUnavailable: 0,
  };
  /** Runs an acquirer step; a failure after its retries is counted, and the run goes on with the next item. */
  const tolerate = async <T>(step: () => Promise<T>): Promise<{ value: T } | undefined> => {
    try {
      return { value: await step() };
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      summary.acquirerUnavailable += 1;
      return undefined;
    }
  };
  const tellSubscription = async (subscriptionId: string, fact: PaymentOutcomeFact) => {
    if (await signal(subscriptionWorkflowId(subscriptionId), paymentResultSignal.name, fact)) {
      summary.signalledPayments += 1;
    }
  };

  /** Sets one refund to what the acquirer shows; returns the finding when that cannot be done for certain. */
  const applyRefundTruth = async (refundId: string, fact: RefundResultFact) => {
    const applied = await records.applyAcquirerRefund({ refundId, fact, actor: 'system:reconciliation' });
    if (applied.outcome === 'flagged') return applied.discrepancy;
    if (applied.outcome === 'unchanged') return undefined;
    summary.correctedRefunds = (summary.correctedRefunds ?? 0) + 1;
    const { view } = applied;
    if (applied.fullyRefunded && view.status === 'succeeded') {
      const refunded = { invoiceId: view.invoiceId, refundId: view.refundId };
      await signal(subscriptionWorkflowId(view.subscriptionId), paymentRefundedSignal.name, refunded);
    }
    return undefined;
  };

  const stale = await records.listStalePayments({ before: staleBefore, limit: BATCH });
  summary.stalePayments = stale.length;
  for (const paymentId of stale) {
    const settled = (await tolerate(() => acquirer.settleStalePayment({ paymentId })))?.value;
    if (settled?.outcome === 'not_processed') summary.settledPayments += 1;
    if (settled?.outcome === 'succeeded' || settled?.outcome === 'declined') {
      summary.settledPayments += 1;
      await tellSubscription(settled.subscriptionId, settled.fact);
    }
  }

  const window = { from: new Date(now - input.lookbackSeconds * 1000).toISOString(), to: new Date(now).toISOString() };
  const comparison = (await tolerate(() => acquirer.compareWithAcquirer(window)))?.value;
  if (comparison) {
    summary.listedTransactions = comparison.listed;
    for (const found of comparison.unrecorded) {
      if (!(await tolerate(() => acquirer.recordFoundPayment(found)))) continue;
      const { invoiceId, outcome, providerTransactionId } = found;
      await tellSubscription(found.subscriptionId, { invoiceId, outcome, providerTransactionId });
    }
    const refundFindings: FoundDiscrepancy[] = [];
    if (patched(RECONCILIATION_REFUND_STATUS)) {
      for (const finding of comparison.refundStatuses ?? []) {
        const flagged = await applyRefundTruth(finding.refundId, finding.fact);
        if (flagged) refundFindings.push(flagged);
      }
    }
    const discrepancies = [...comparison.discrepancies, ...refundFindings];
    summary.discrepanciesFound = discrepancies.length;
    summary.discrepanciesNew = await records.recordDiscrepancies({ runId, items: discrepancies });
    if (patched(RECONCILIATION_REFUNDS_DUPLICATES)) {
      summary.duplicateRefundsStarted = 0;
      for (const found of comparison.discrepancies.filter((d) => d.kind === 'duplicate_charge')) {
        const request = (await tolerate(() => records.prepareDuplicateRefund(found)))?.value;
        if (request && (await startDuplicateRefund(request))) summary.duplicateRefundsStarted += 1;
      }
    }
  }

  const refunds = await records.listStaleRefunds({ before: staleBefore, limit: BATCH });
  summary.staleRefunds = refunds.length;
  for (const refund of refunds) {
    const lookup = (await tolerate(() => acquirer.lookUpRefund(refund)))?.value;
    if (lookup?.status !== 'settled') continue;
    if (await signal(refundWorkflowId(refund.refundId), REFUND_RESULT_SIGNAL, lookup.fact)) {
      summary.signalledRefunds += 1;
    } else if (patched(RECONCILIATION_REFUND_STATUS)) {
      // Its workflow has ended with the refund still pending: the books are set from here.
      const flagged = await applyRefundTruth(refund.refundId, lookup.fact);
      if (flagged) summary.discrepanciesNew += await records.recordDiscrepancies({ runId, items: [flagged] });
    }
  }

  await records.purgeStaleCryptograms();
  await records.recordReconciliationRun({ runId, requestedBy: input.requestedBy, summary });
  return { runId, ...summary };
}

/** Signals a workflow by id; false when it is not running (ended, or never started), which is not an error here. */
async function signal(workflowId: string, name: string, arg: unknown): Promise<boolean> {
  try {
    await getExternalWorkflowHandle(workflowId).signal(name, arg);
    return true;
  } catch (error) {
    if (isCancellation(error)) throw error;
    return false;
  }
}
