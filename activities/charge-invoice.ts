import { and, desc, eq, isNull } from 'drizzle-orm';
import type { PaymentProvider, PaymentResult } from '../acquiring/provider.js';
import type { Acquirers } from '../acquiring/registry.js';
import type { Database } from '../db/create-db.js';
import { paymentMethods, payments } from '../db/schema/index.js';
import type { ReceiptSettings } from '../domain/receipts.js';
import type { ChargeAnswer } from '../domain/subscription/charge-answer.js';
import type { InvoiceToOpen } from '../domain/subscription/steps.js';
import type { BusinessMetrics } from '../observability/business-metrics.js';
import { acquirerNamed } from './acquirer-choice.js';
import { acquirerUnavailable } from './activity-errors.js';
import {
  type AttemptInput,
  answerFromRow,
  applyResult,
  attemptCall,
  isFinal,
  isSettling,
  openAttempt,
} from './payment-records.js';
import { attemptReceipt } from './receipt-records.js';
import { insertInvoice, invoiceOf } from './subscription-rows.js';

export interface ChargeDeps {
  db: Database;
  acquirers: Acquirers;
  now: () => Date;
  receipts: ReceiptSettings;
  metrics?: BusinessMetrics | undefined;
}

/**
 * Before charging again for an attempt whose earlier try may have reached the acquirer, ask the acquirer whether it
 * did. The idempotency key covers the acquirer's window (one hour at CloudPayments); the lookup covers the rest.
 */
async function settledByLookup(
  deps: ChargeDeps,
  provider: PaymentProvider,
  invoiceId: string,
  paymentId: string,
): Promise<PaymentResult | undefined> {
  const lookup = await provider.findByInvoice(invoiceId);
  if (lookup.status === 'unavailable') throw acquirerUnavailable('findByInvoice', lookup.failure);
  if (lookup.status === 'not_found') return undefined;
  const found = lookup.payment;
  if (found.paymentId !== undefined) return found.paymentId === paymentId ? found : undefined;
  // Without our id echoed back: a transaction no other attempt of this invoice has recorded is this attempt's.
  const known = await deps.db
    .select({ id: payments.id })
    .from(payments)
    .where(
      and(eq(payments.invoiceId, invoiceId), eq(payments.providerTransactionId, found.providerTransactionId ?? '')),
    );
  return known.length === 0 ? found : undefined;
}

export function createChargeInvoiceActivity(deps: ChargeDeps) {
  return {
    /**
     * Charges the saved card for an invoice as a scheduled merchant-initiated payment; declines are answers. With
     * `invoice`, the invoice is opened first (idempotently), so a renewal is one step.
     */
    async chargeInvoice(input: AttemptInput & { invoice?: InvoiceToOpen | undefined }): Promise<ChargeAnswer> {
      if (input.invoice) await insertInvoice(deps.db, invoiceOf(input, input.invoice));
      // The card's acquirer holds its token: the renewal goes there, whatever the default is now.
      const [method] = await deps.db
        .select()
        .from(paymentMethods)
        .where(and(eq(paymentMethods.subscriptionId, input.subscriptionId), isNull(paymentMethods.revokedAt)))
        .orderBy(desc(paymentMethods.createdAt))
        .limit(1);
      // Without a card nothing is sent: the attempt is recorded (as declined) under the default.
      const { row, isNew } = await openAttempt(deps.db, method?.provider ?? deps.acquirers.defaultName, input);
      if (isNew && input.attempt === 1 && input.invoice?.kind === 'renewal') {
        // Lateness: from the period's end (the renewal's start) to its first charge; dunning retries are late by design.
        deps.metrics?.renewalStarted((deps.now().getTime() - Date.parse(input.invoice.periodStart)) / 1000);
      }
      if (isFinal(row)) return answerFromRow(row);
      const provider = acquirerNamed(deps.acquirers, row.provider);
      if (!isNew || row.status !== 'pending') {
        const earlier = await settledByLookup(deps, provider, input.invoiceId, row.id);
        if (earlier && isSettling(earlier)) {
          return answerFromRow(await applyResult(deps.db, row, earlier, deps.now()));
        }
      }
      if (!method || method.provider !== row.provider) {
        // A card saved at another acquirer since this attempt began: the next attempt charges it there.
        const decline = method
          ? ({ code: 'payment_method_moved', reason: 'CardChanged', class: 'soft' } as const)
          : ({ code: 'no_payment_method', reason: 'NoSavedCard', class: 'hard' } as const);
        const missing: PaymentResult = { outcome: 'declined', decline, raw: null };
        return answerFromRow(await applyResult(deps.db, row, missing, deps.now()));
      }
      const result = await provider.chargeToken({
        ...attemptCall(row, input),
        token: method.token,
        initiator: 'merchant',
        scheduled: true,
        receipt: await attemptReceipt(deps, row, input.invoice?.planId),
      });
      const updated = await applyResult(deps.db, row, result, deps.now());
      if (result.outcome === 'not_sent' || result.outcome === 'unknown' || result.outcome === 'requires_action') {
        throw acquirerUnavailable('chargeToken', result.failure);
      }
      return answerFromRow(updated);
    },
  };
}
