import { and, eq } from 'drizzle-orm';
import type { Acquirers } from '../../../acquiring/registry.js';
import type { Database } from '../../../db/create-db.js';
import { planSnapshotOf } from '../../../db/plan-snapshot.js';
import { invoices, plans, subscriptions } from '../../../db/schema/index.js';
import { NotFoundError } from '../../../domain/errors.js';
import { initialInvoiceId } from '../../../domain/subscription/ids.js';
import type { Checkout } from '../../../domain/subscription/messages.js';
import type { PlanSnapshot } from '../../../domain/subscription/state.js';
import { assertCurrencySupported } from '../../../domain/unsupported-currency.js';
import type { Principal } from '../../app-env.js';

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function toSubscription(row: typeof subscriptions.$inferSelect) {
  return {
    id: row.id,
    userId: row.userId,
    planId: row.planId,
    status: row.status,
    currentPeriodStart: iso(row.currentPeriodStart),
    currentPeriodEnd: iso(row.currentPeriodEnd),
    cancelAtPeriodEnd: row.cancelAtPeriodEnd,
    pendingPlanId: row.pendingPlanId,
    pastDueSince: iso(row.pastDueSince),
    nextChargeAt: iso(row.nextChargeAt),
    canceledAt: iso(row.canceledAt),
    cancelReason: row.cancelReason,
    createdAt: row.createdAt.toISOString(),
  };
}

export function toInvoice(row: typeof invoices.$inferSelect) {
  return {
    id: row.id,
    subscriptionId: row.subscriptionId,
    kind: row.kind,
    amount: row.amount,
    currency: row.currency,
    status: row.status,
    periodStart: row.periodStart.toISOString(),
    periodEnd: row.periodEnd.toISOString(),
    attempts: row.attempts,
    paidAt: iso(row.paidAt),
    createdAt: row.createdAt.toISOString(),
  };
}

/** The subscription if the caller may see it; someone else's is indistinguishable from a missing one (404). */
export async function loadVisibleSubscription(db: Database, principal: Principal, id: string) {
  const where = principal.isAdmin
    ? eq(subscriptions.id, id)
    : and(eq(subscriptions.id, id), eq(subscriptions.userId, principal.userId));
  const [row] = await db.select().from(subscriptions).where(where);
  if (!row) throw new NotFoundError('subscription', id);
  return row;
}

/**
 * The plan a subscription is (to be) billed on. With `acquirers`: a plan priced in a currency its checkout's acquirer
 * does not take (left over from an earlier configuration) is refused before any row or workflow exists.
 */
export async function loadPlanSnapshot(
  db: Database,
  planId: string,
  { requireActive, acquirers }: { requireActive: boolean; acquirers?: Acquirers },
): Promise<PlanSnapshot> {
  const [plan] = await db.select().from(plans).where(eq(plans.id, planId));
  if (!plan || (requireActive && !plan.active)) throw new NotFoundError('plan', planId);
  if (acquirers) {
    const checkout = acquirers.forCheckout({ planId: plan.id, currency: plan.currency });
    assertCurrencySupported(plan.currency, checkout.capabilities.currencies);
  }
  return planSnapshotOf(plan);
}

/** A checkout whose workflow has ended, told from its initial invoice: paid, or not (declined or expired). */
export async function checkoutFromRecords(db: Database, subscriptionId: string): Promise<Checkout> {
  const [invoice] = await db
    .select()
    .from(invoices)
    .where(eq(invoices.id, initialInvoiceId(subscriptionId)));
  if (!invoice) throw new NotFoundError('subscription', subscriptionId);
  const paid = invoice.status === 'paid';
  return {
    invoiceId: invoice.id,
    status: paid ? 'succeeded' : 'declined',
    expiresAt: invoice.periodEnd.toISOString(),
    declineReason: paid ? undefined : 'The checkout has ended unpaid',
  };
}
