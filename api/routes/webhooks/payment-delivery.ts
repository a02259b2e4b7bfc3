import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { and, eq } from 'drizzle-orm';
import type { AcquirerNotification } from '../../../acquiring/provider.js';
import { storeDiscrepancies } from '../../../db/discrepancies.js';
import { invoices, payments } from '../../../db/schema/index.js';
import { idempotencyKeyFor } from '../../../domain/subscription/charge-answer.js';
import type { PaymentOutcomeFact } from '../../../domain/subscription/messages.js';
import { notificationLookupWorkflow } from '../../../workflows/notification-lookup-workflow.js';
import { paymentResultSignal } from '../../../workflows/subscription/messages.js';
import { notificationLookupWorkflowId, subscriptionWorkflowId } from '../../../workflows/workflow-ids.js';
import type { AcquirerRouteDeps } from '../../app-env.js';
import { judgePay, type PayMismatch } from './pay-judgement.js';

const factOf = (event: AcquirerNotification, invoiceId: string, inboxId: number): PaymentOutcomeFact => ({
  invoiceId,
  outcome: event.action === 'payment_declined' ? 'declined' : 'succeeded',
  providerTransactionId: event.providerTransactionId,
  declineCode: event.decline?.code,
  declineReason: event.decline?.reason,
  declineClass: event.decline?.class,
  inboxId,
});

async function signalSubscription({ temporal }: AcquirerRouteDeps, subscriptionId: string, fact: PaymentOutcomeFact) {
  try {
    await temporal.workflow.getHandle(subscriptionWorkflowId(subscriptionId)).signal(paymentResultSignal, fact);
  } catch (error) {
    // The subscription's workflow has ended: the notification stays in the inbox for reconciliation.
    if (!(error instanceof WorkflowNotFoundError)) throw error;
  }
}

/** A `pay` that is not our invoice's payment: operators see it among the discrepancies; nothing else changes. */
async function storeMismatch(
  deps: AcquirerRouteDeps,
  event: AcquirerNotification,
  reason: PayMismatch,
  inboxId: number,
  now: Date,
) {
  const { raw: _raw, token: _token, ...claimed } = event;
  const { providerTransactionId, paymentId, invoiceId } = event;
  await storeDiscrepancies(deps.db, {
    provider: deps.provider.name,
    runId: `webhook:${inboxId}`,
    at: now,
    log: (message, fields) => deps.logger.info(fields, message),
    items: [
      {
        kind: 'notification_mismatch',
        providerTransactionId,
        paymentId,
        invoiceId,
        ours: { reason, inboxId },
        acquirer: claimed,
      },
    ],
  });
}

/**
 * A `pay` changes only what it proves: a mismatch is stored, a payment the workflow knows of is left alone, one that
 * contradicts our books is looked up at the acquirer first (by a workflow), the rest is signalled.
 */
export async function deliverPay(deps: AcquirerRouteDeps, event: AcquirerNotification, inboxId: number, now: Date) {
  const judgement = await judgePay(deps.db, deps.provider.name, event);
  switch (judgement.kind) {
    case 'mismatch':
      return storeMismatch(deps, event, judgement.reason, inboxId, now);
    case 'heard':
      return;
    case 'believe':
      return signalSubscription(deps, judgement.invoice.subscriptionId, factOf(event, judgement.invoice.id, inboxId));
    case 'look_up': {
      const { invoice } = judgement;
      const claim = {
        inboxId,
        reason: judgement.reason,
        providerTransactionId: event.providerTransactionId,
        invoiceId: invoice.id,
        paymentId: event.paymentId,
        amount: invoice.amount,
        currency: invoice.currency,
      };
      try {
        await deps.temporal.workflow.start(notificationLookupWorkflow, {
          workflowId: notificationLookupWorkflowId(invoice.id, event.providerTransactionId),
          taskQueue: deps.config.temporal.taskQueue,
          args: [{ subscriptionId: invoice.subscriptionId, claim, fact: factOf(event, invoice.id, inboxId) }],
        });
      } catch (error) {
        // Started for an earlier delivery of this notification: that lookup decides.
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      }
    }
  }
}

/** A `fail` changes nothing the workflow acts on but the payment's record, so it is signalled unless already known. */
export async function deliverFail(deps: AcquirerRouteDeps, event: AcquirerNotification, inboxId: number) {
  if (!event.invoiceId) return;
  const [invoice] = await deps.db.select().from(invoices).where(eq(invoices.id, event.invoiceId));
  if (!invoice || (await failHeardByWorkflow(deps, event, invoice))) return;
  await signalSubscription(deps, invoice.subscriptionId, factOf(event, invoice.id, inboxId));
}

/**
 * The decline is recorded already (the workflow's own charge, a lookup or an earlier notification), or it is an
 * attempt of a renewal or upgrade charge, whose activity keeps asking the acquirer until it has the answer.
 */
async function failHeardByWorkflow(
  { db, provider }: AcquirerRouteDeps,
  event: AcquirerNotification,
  invoice: typeof invoices.$inferSelect,
) {
  const [known] = await db
    .select({ id: payments.id })
    .from(payments)
    .where(
      and(
        eq(payments.provider, provider.name),
        eq(payments.providerTransactionId, event.providerTransactionId),
        eq(payments.status, 'declined'),
      ),
    );
  if (known) return true;
  if ((invoice.kind !== 'renewal' && invoice.kind !== 'proration') || !event.paymentId) return false;
  const [own] = await db
    .select({ attempt: payments.attempt, idempotencyKey: payments.idempotencyKey })
    .from(payments)
    .where(and(eq(payments.id, event.paymentId), eq(payments.invoiceId, invoice.id)));
  return own !== undefined && own.idempotencyKey === idempotencyKeyFor(invoice.id, own.attempt);
}
