import { ApplicationFailure } from '@temporalio/activity';
import { and, eq, isNull } from 'drizzle-orm';
import type { PaymentProvider } from '../acquiring/provider.js';
import { AcquirerNotConfigured, type Acquirers } from '../acquiring/registry.js';
import type { Database } from '../db/create-db.js';
import { invoices, subscriptions } from '../db/schema/index.js';
import { FAILURE_TYPES } from './activity-errors.js';

/** The acquirer a row names; one not configured any more fails for good (retrying cannot configure it). */
export function acquirerNamed(acquirers: Acquirers, name: string): PaymentProvider {
  try {
    return acquirers.get(name);
  } catch (error) {
    if (!(error instanceof AcquirerNotConfigured)) throw error;
    throw ApplicationFailure.nonRetryable(error.message, FAILURE_TYPES.acquirerNotConfigured, { acquirer: name });
  }
}

/**
 * The acquirer of an invoice's checkout, chosen once (ACQUIRER_ROUTES, else the default) and kept on the invoice, so a
 * retried attempt, a lookup or a link cancel reaches it even after the default has changed.
 */
export async function checkoutAcquirer(
  db: Database,
  acquirers: Acquirers,
  input: { invoiceId: string; subscriptionId: string; currency: string },
): Promise<PaymentProvider> {
  const recorded = await recordedAcquirer(db, input.invoiceId);
  if (recorded) return acquirerNamed(acquirers, recorded);
  const [subscription] = await db
    .select({ planId: subscriptions.planId })
    .from(subscriptions)
    .where(eq(subscriptions.id, input.subscriptionId));
  const chosen = acquirers.forCheckout({ planId: subscription?.planId ?? '', currency: input.currency });
  const [kept] = await db
    .update(invoices)
    .set({ acquirer: chosen.name })
    .where(and(eq(invoices.id, input.invoiceId), isNull(invoices.acquirer)))
    .returning({ acquirer: invoices.acquirer });
  if (kept) return chosen;
  // Another try may have chosen first (before a change of the default): its choice stands.
  return acquirerNamed(acquirers, (await recordedAcquirer(db, input.invoiceId)) ?? chosen.name);
}

/**
 * The acquirer an invoice's checkout went to. An invoice opened before acquirers were recorded had the one acquirer
 * of that time, the default then; those are the only ones read as the default.
 */
export async function invoiceAcquirer(db: Database, acquirers: Acquirers, invoiceId: string): Promise<PaymentProvider> {
  return acquirerNamed(acquirers, await invoiceAcquirerName(db, acquirers, invoiceId));
}

/** The name alone, for recording what an acquirer told us: that calls no acquirer, so it need not be configured. */
export async function invoiceAcquirerName(db: Database, acquirers: Acquirers, invoiceId: string): Promise<string> {
  return (await recordedAcquirer(db, invoiceId)) ?? acquirers.defaultName;
}

/** The acquirer that made a payment link (links made before acquirers were recorded: as for invoices). */
export async function linkAcquirer(db: Database, acquirers: Acquirers, linkId: string): Promise<PaymentProvider> {
  const [invoice] = await db
    .select({ acquirer: invoices.acquirer })
    .from(invoices)
    .where(eq(invoices.acquirerLinkId, linkId));
  return acquirerNamed(acquirers, invoice?.acquirer ?? acquirers.defaultName);
}

async function recordedAcquirer(db: Database, invoiceId: string): Promise<string | undefined> {
  const [invoice] = await db.select({ acquirer: invoices.acquirer }).from(invoices).where(eq(invoices.id, invoiceId));
  return invoice?.acquirer ?? undefined;
}
