import { ApplicationFailure } from '@temporalio/activity';
import { eq } from 'drizzle-orm';
import type { AuthenticationChallenge, PaymentProvider, PaymentResult } from '../acquiring/provider.js';
import { checkoutCryptogramStore } from '../db/checkout-cryptograms.js';
import type { Database } from '../db/create-db.js';
import { payments } from '../db/schema/index.js';
import type { ChargeAnswer } from '../domain/subscription/charge-answer.js';
import { paymentIdFor } from '../domain/subscription/charge-answer.js';
import type { InvoiceToOpen } from '../domain/subscription/steps.js';
import { acquirerUnavailable, FAILURE_TYPES } from './activity-errors.js';
import { type AttemptInput, answerFromRow, applyResult, attemptCall, isFinal, openAttempt } from './payment-records.js';
import { insertInvoice, invoiceOf } from './subscription-rows.js';

export interface CheckoutDeps {
  db: Database;
  provider: PaymentProvider;
  now: () => Date;
  /** Where the payer lands after the hosted page when the subscription has no returnUrl. */
  publicBaseUrl: string;
}

const noAnswer = (r: PaymentResult) => r.outcome === 'not_sent' || r.outcome === 'unknown';

/** The challenge in the shape running workflows keep: the ACS form's fields by name. */
function workflowChallenge(challenge: AuthenticationChallenge | undefined): ChargeAnswer['challenge'] {
  if (!challenge) return undefined;
  return { acsUrl: challenge.url, paReq: challenge.fields.PaReq ?? '', md: challenge.fields.MD ?? '' };
}

export function createCheckoutActivities(deps: CheckoutDeps) {
  const { db, provider } = deps;
  const cryptograms = checkoutCryptogramStore(db);
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
      });
      if (result.outcome === 'declined') {
        throw ApplicationFailure.nonRetryable(
          `The acquirer refused the payment link: ${result.decline?.reason}`,
          FAILURE_TYPES.paymentLinkRefused,
        );
      }
      if (result.outcome !== 'succeeded' || !result.url || !result.linkId)
        throw acquirerUnavailable('createPaymentLink', result.failure);
      // `orderId`: the name running workflows read the link's id by.
      return { url: result.url, orderId: result.linkId };
    },

    /** First attempt of a checkout by card cryptogram; may come back `requires_action` (3-D Secure). */
    async chargeCardForInvoice(
      input: AttemptInput & { cryptogram?: string | undefined; ipAddress: string },
    ): Promise<ChargeAnswer> {
      const { row } = await openAttempt(db, provider.name, input);
      if (isFinal(row)) return answerFromRow(row);
      const cryptogram = input.cryptogram ?? (await cryptograms.read(input.invoiceId));
      if (!cryptogram) {
        throw ApplicationFailure.nonRetryable(
          `No card cryptogram is waiting for invoice ${input.invoiceId}`,
          'cryptogram_unavailable',
        );
      }
      const returnUrl = `${deps.publicBaseUrl}/v1/payments/3ds/callback`;
      const call = { ...attemptCall(row, input), cryptogram, ipAddress: input.ipAddress, returnUrl };
      const result = await provider.chargeCard(call);
      const updated = await applyResult(db, row, result, deps.now());
      if (noAnswer(result)) throw acquirerUnavailable('chargeCard', result.failure);
      // The acquirer has answered (3-D Secure continues by transaction id): the packet is needed no more.
      await cryptograms.forget(input.invoiceId);
      return answerFromRow(updated, workflowChallenge(result.challenge));
    },

    async completeAuthentication(input: {
      subscriptionId: string;
      invoiceId: string;
      providerTransactionId: string;
      paRes: string;
    }): Promise<ChargeAnswer> {
      const continuation = { MD: input.providerTransactionId, PaRes: input.paRes };
      const [row] = await db
        .select()
        .from(payments)
        .where(eq(payments.providerTransactionId, input.providerTransactionId));
      if (!row)
        throw ApplicationFailure.nonRetryable(
          `No payment with transaction ${input.providerTransactionId}`,
          'payment_not_found',
        );
      if (isFinal(row)) return answerFromRow(row);
      const result = await provider.completeAuthentication({
        paymentId: row.id,
        idempotencyKey: `${row.idempotencyKey}:3ds`,
        providerTransactionId: input.providerTransactionId,
        continuation,
      });
      const updated = await applyResult(db, row, result, deps.now());
      if (noAnswer(result)) throw acquirerUnavailable('completeAuthentication', result.failure);
      return answerFromRow(updated);
    },

    async cancelPaymentLink({ orderId }: { orderId: string }) {
      const result = await provider.cancelPaymentLink({ linkId: orderId, idempotencyKey: `${orderId}:cancel` });
      if (noAnswer(result as PaymentResult)) throw acquirerUnavailable('cancelPaymentLink', result.failure);
    },
  };
}
