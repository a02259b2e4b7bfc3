// One step, one activity. An activity that gives up after its retries is an outcome (`failed`), never a failed
// workflow: the decision that follows says what the subscription does about it.
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import { iso } from '../../domain/subscription/lifecycle.js';
import { linkIdOf } from '../../domain/subscription/payer-action.js';
import type { SubscriptionState } from '../../domain/subscription/state.js';
import type { Outcome, Step } from '../../domain/subscription/steps.js';
import { acquirer, housekeepingAcquirer, interactiveAcquirer, records } from './activity-proxies.js';
import { refundUnusedPeriod } from './prorated-refund.js';
import { rowState } from './row-state.js';

const done: Outcome = { kind: 'done' };

export async function performStep(s: SubscriptionState, step: Step): Promise<Outcome> {
  const who = { subscriptionId: s.subscriptionId, userId: s.userId };
  try {
    switch (step.kind) {
      case 'open_checkout': {
        const { invoiceId: id, expiresAt, returnUrl } = step;
        const money = { amount: s.plan.amount, currency: s.plan.currency };
        const invoice = { id, subscriptionId: s.subscriptionId, kind: 'initial' as const, ...money };
        await records.openCheckoutRecords({
          state: rowState(s),
          returnUrl,
          invoice: { ...invoice, periodStart: iso(Date.now()), periodEnd: expiresAt },
        });
        return done;
      }
      case 'create_link': {
        const { kind: _, purpose: __, ...link } = step;
        const created = await interactiveAcquirer.createPaymentLink({ ...who, ...link });
        return { kind: 'link', url: created.url, linkId: linkIdOf(created) };
      }
      case 'charge_cryptogram': {
        const { kind: _, ...charge } = step;
        return {
          kind: 'answer',
          answer: await interactiveAcquirer.chargeCardForInvoice({ ...who, ...charge, attempt: 1 }),
        };
      }
      case 'complete_authentication': {
        const { kind: _, ...completion } = step;
        return { kind: 'answer', answer: await interactiveAcquirer.completeAuthentication({ ...who, ...completion }) };
      }
      case 'charge': {
        const { kind: _, purpose: __, ...charge } = step;
        return { kind: 'answer', answer: await acquirer.chargeInvoice({ ...who, ...charge }) };
      }
      case 'look_up': {
        const found = await housekeepingAcquirer.findInvoicePayment({ ...who, invoiceId: step.invoiceId });
        return found.outcome === 'succeeded'
          ? { kind: 'found', providerTransactionId: found.providerTransactionId }
          : { kind: 'not_found' };
      }
      case 'cancel_link':
        await housekeepingAcquirer.cancelPaymentLink({ linkId: step.linkId });
        return done;
      case 'release_hold':
        await housekeepingAcquirer.releaseCardCheck({
          invoiceId: step.invoiceId,
          providerTransactionId: step.providerTransactionId,
        });
        return done;
      case 'record_fact':
        await records.recordNotifiedPayment({ ...who, fact: step.fact });
        return done;
      case 'start_refund':
        await refundUnusedPeriod(step.refund, step.refund.actor);
        return done;
    }
  } catch (error) {
    // A refund started before (same id, derived from the invoice) is the refund we wanted.
    if (step.kind === 'start_refund' && error instanceof WorkflowExecutionAlreadyStartedError) return done;
    if (!(error instanceof ActivityFailure)) throw error;
    const cause = error.cause instanceof ApplicationFailure ? error.cause : undefined;
    return { kind: 'failed', type: cause?.type ?? 'acquirer_unavailable', message: cause?.message ?? error.message };
  }
}
