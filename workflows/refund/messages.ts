import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { RefundDecision, RefundResultFact, RefundView } from './types.js';

/** Answers the API once the amount is reserved (update-with-start), or fails with `refund_exceeds_captured`. */
export const openRefundUpdate = defineUpdate<RefundView>('openRefund');
/** An operator's decision on a refund above the approval threshold; rejected unless it is awaiting approval. */
export const decideRefundUpdate = defineUpdate<RefundView, [RefundDecision]>('decideRefund');
/** The acquirer told us how the refund ended (a `refund` notification, or reconciliation). */
export const refundResultSignal = defineSignal<[RefundResultFact]>('refundResult');
export const refundStateQuery = defineQuery<RefundView | null>('refundState');
