import { ApplicationFailure } from '@temporalio/activity';
import { and, eq } from 'drizzle-orm';
import type { AuthenticationChallenge, PaymentResult } from '../acquiring/provider.js';
import type { Acquirers } from '../acquiring/registry.js';
import { checkoutCryptogramStore } from '../db/checkout-cryptograms.js';
import type { Database } from '../db/create-db.js';
import { invoices, payments } from '../db/schema/index.js';
import type { ReceiptSettings } from '../domain/receipts.js';
import type { ChargeAnswer } from '../domain/subscription/charge-answer.js';
import { paymentIdFor } from '../domain/subscription/charge-answer.js';
import type { PayerReturn } from '../domain/subscription/payer-action.js';
import type { InvoiceToOpen } from '../domain/subscription/steps.js';
import { payerReturns } from '../runtime/payer-return.js';
import { acquirerNamed, checkoutAcquirer, linkAcquirer } from './acquirer-choice.js';
import { acquirerUnavailable, FAILURE_TYPES } from './activity-errors.js';
import { type AttemptInput, answerFromRow, applyResult, attemptCall, isFinal, openAttempt } from './payment-records.js';
import { attemptReceipt, invoiceReceipt } from './receipt-records.js';
import { insertInvoice, invoiceOf } from './subscription-rows.js';

export interface CheckoutDeps {
  db: Database;
  acquirers: Acquirers;
  now: () => Date;
  /** Where the payer lands after the hosted page when the subscription has no returnUrl. */
  publicBaseUrl: string;
  receipts: ReceiptSettings;
  /** THREE_DS_STATE_SECRET: signs the return address a payer confirming a payment comes back to. */
  threeDsStateSecret: string;
}

const noAnswer = (r: PaymentResult) => r.outcome === 'not_sent' || r.outcome === 'unknown';

/** The challenge as history keeps it: wherever our signed return address appears, the unsigned one instead. */
function unsignedChallenge(challenge: AuthenticationChallenge | undefined, signed: string, plain: string) {
  if (!challenge) return undefined;
  const unsign = (value: string) => (value === signed ? plain : value);
  const fields = Object.fromEntries(Object.entries(challenge.fields).map(([k, v]) => [k, unsign(v)]));
  return { method: challenge.method, url: unsign(challenge.url), fields };
}

/** Runs recorded before the continuation was opaque sent the ACS's PaRes alone, for the transaction it named. */
const continuationOf = (input: PayerReturn) =>
  input.continuation ?? { MD: input.providerTransactionId, PaRes: input.paRes ?? '' };

export function createCheckoutActivities(deps: CheckoutDeps) {
  const { db, acquirers } = deps;
  const cryptograms = checkoutCryptogramStore(db);
  const returns = payerReturns(deps.publicBaseUrl, deps.threeDsStateSecret);
  return {
    /** A hosted payment page for an invoice; with `invoice`, the invoice is opened first (idempotently). */
    async createPaymentLink(
      input: Omit<AttemptInput, 'attempt'> & {
        description: string;
        returnUrl: string | null;
        capture?: boolean;
        invoice?: InvoiceToOpen | undefined;
      },
    ) {
      if (input.invoice) await insertInvoice(db, invoiceOf(input, input.invoice));
      const provider = await checkoutAcquirer(db, acquirers, input);
      const result = await provider.createPaymentLink({
        paymentId: paymentIdFor(input.invoiceId, 0),
        idempotencyKey: `${input.invoiceId}:link`,
        invoiceId: input.invoiceId,
        accountId: input.userId,
        amount: input.amount,
        currency: input.currency,
        description: input.description,
        successUrl: input.returnUrl ?? `${deps.publicBaseUrl}/v1/subscriptions/${input.subscriptionId}`,
        failUrl: input.returnUrl ?? `${deps.publicBaseUrl}/v1/subscriptions/${input.subscriptionId}`,
        capture: input.capture,
        // A hold (a card check) is released, never kept: no receipt; the hosted page's payment row gets it later.
        receipt: input.capture === false ? undefined : await invoiceReceipt(deps, input.invoiceId),
      });
      if (result.outcome === 'declined') {
        throw ApplicationFailure.nonRetryable(
          `The acquirer refused the payment link: ${result.decline?.reason}`,
          FAILURE_TYPES.paymentLinkRefused,
        );
      }
      if (result.outcome !== 'succeeded' || !result.url || !result.linkId)
        throw acquirerUnavailable('createPaymentLink', result.failure);
      await db.update(invoices).set({ acquirerLinkId: result.linkId }).where(eq(invoices.id, input.invoiceId));
      return { url: result.url, linkId: result.linkId, acquirer: provider.name };
    },

    /** First attempt of a checkout by card cryptogram; may come back `requires_action` (3-D Secure). */
    async chargeCardForInvoice(
      input: AttemptInput & { cryptogram?: string | undefined; ipAddress: string },
    ): Promise<ChargeAnswer> {
      const { row } = await openAttempt(db, (await checkoutAcquirer(db, acquirers, input)).name, input);
      if (isFinal(row)) return answerFromRow(row);
      const provider = acquirerNamed(acquirers, row.provider);
      const cryptogram = input.cryptogram ?? (await cryptograms.read(input.invoiceId));
      if (!cryptogram) {
        throw ApplicationFailure.nonRetryable(
          `No card cryptogram is waiting for invoice ${input.invoiceId}`,
          'cryptogram_unavailable',
        );
      }
      const returnUrl = returns.signedUrl(input.subscriptionId, row.id);
      const receipt = await attemptReceipt(deps, row);
      const call = { ...attemptCall(row, input), cryptogram, ipAddress: input.ipAddress, returnUrl, receipt };
      const result = await provider.chargeCard(call);
      const updated = await applyResult(db, row, result, deps.now());
      if (noAnswer(result)) throw acquirerUnavailable('chargeCard', result.failure);
      // The acquirer has answered (3-D Secure continues by transaction id): the packet is needed no more.
      await cryptograms.forget(input.invoiceId);
      return answerFromRow(updated, unsignedChallenge(result.challenge, returnUrl, returns.plainUrl(row.id)));
    },

    async completeAuthentication(
      input: { subscriptionId: string; invoiceId: string } & PayerReturn,
    ): Promise<ChargeAnswer> {
      const [row] = await db
        .select()
        .from(payments)
        .where(
          and(eq(payments.invoiceId, input.invoiceId), eq(payments.providerTransactionId, input.providerTransactionId)),
        );
      if (!row)
        throw ApplicationFailure.nonRetryable(
          `No payment with transaction ${input.providerTransactionId}`,
          'payment_not_found',
        );
      if (isFinal(row)) return answerFromRow(row);
      const result = await acquirerNamed(acquirers, row.provider).completeAuthentication({
        paymentId: row.id,
        idempotencyKey: `${row.idempotencyKey}:3ds`,
        providerTransactionId: input.providerTransactionId,
        continuation: continuationOf(input),
      });
      const updated = await applyResult(db, row, result, deps.now());
      if (noAnswer(result)) throw acquirerUnavailable('completeAuthentication', result.failure);
      return answerFromRow(updated);
    },

    /** `orderId`: what runs scheduled before `linkId` asked with. */
    async cancelPaymentLink(input: { linkId?: string | undefined; orderId?: string | undefined }) {
      const linkId = input.linkId ?? input.orderId ?? '';
      const provider = await linkAcquirer(db, acquirers, linkId);
      const result = await provider.cancelPaymentLink({ linkId, idempotencyKey: `${linkId}:cancel` });
      if (noAnswer(result as PaymentResult)) throw acquirerUnavailable('cancelPaymentLink', result.failure);
    },
  };
}
