import { WorkflowNotFoundError } from '@temporalio/client';
import { InvalidStateError } from '../../../domain/errors.js';
import { subscriptionStateQuery } from '../../../workflows/subscription/messages.js';
import { subscriptionWorkflowId } from '../../../workflows/workflow-ids.js';
import type { AppDeps } from '../../app-env.js';

/**
 * No refund while the subscription is settling a charge (product.md): a refund landing in the middle of a renewal
 * would refund a period the renewal is about to replace. The subscription answers from its own state; one that
 * has ended has no charge in flight.
 */
export async function refuseWhileCharging(temporal: AppDeps['temporal'], subscriptionId: string) {
  const handle = temporal.workflow.getHandle(subscriptionWorkflowId(subscriptionId));
  const description = await handle.describe().catch((error: unknown) => {
    if (error instanceof WorkflowNotFoundError) return undefined;
    throw error;
  });
  if (description?.status.name !== 'RUNNING') return;
  const state = await handle.query(subscriptionStateQuery);
  if (state.chargeInFlight) {
    throw new InvalidStateError('refund', `${state.status} (a charge is being settled)`, ['no charge in flight']);
  }
}
