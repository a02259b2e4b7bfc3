import { and, desc, eq, inArray, lt, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../../db/create-db.js';
import { type DeclineClass, invoices, payments, subscriptions } from '../../../db/schema/index.js';
import type { App, AppDeps } from '../../app-env.js';
import { type ListOrder, readTablePage } from '../../pagination.js';
import { listDunning } from './routes.js';

const dunningOrder = {
  table: subscriptions,
  id: subscriptions.id,
  keys: [subscriptions.createdAt, subscriptions.id],
  direction: 'desc',
} satisfies ListOrder;

const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;

/** The unpaid renewal's declines: where the dunning's reason and class come from. */
const unpaidRenewalDecline = and(
  eq(invoices.id, payments.invoiceId),
  eq(invoices.kind, 'renewal'),
  eq(invoices.status, 'open'),
  eq(payments.status, 'declined'),
);

/** The class of the subscription's last declined attempt at its unpaid renewal, as a filter. */
const lastDeclineClassIs = (declineClass: DeclineClass) =>
  sql`(select ${payments.declineClass} from ${payments} join ${invoices} on ${unpaidRenewalDecline}
       where ${payments.subscriptionId} = ${subscriptions.id}
       order by ${payments.createdAt} desc, ${payments.id} desc limit 1) = ${declineClass}`;

/** Each subscription's unpaid renewal invoice and its last declined attempt. */
async function readDunningDetails(db: Database, subscriptionIds: string[]) {
  if (subscriptionIds.length === 0) return { invoiceOf: new Map(), declineOf: new Map() };
  const open = await db
    .selectDistinctOn([invoices.subscriptionId])
    .from(invoices)
    .where(
      and(inArray(invoices.subscriptionId, subscriptionIds), eq(invoices.kind, 'renewal'), eq(invoices.status, 'open')),
    )
    .orderBy(invoices.subscriptionId, desc(invoices.periodStart));
  const declines = await db
    .selectDistinctOn([payments.subscriptionId], { payment: payments })
    .from(payments)
    .innerJoin(invoices, unpaidRenewalDecline)
    .where(inArray(payments.subscriptionId, subscriptionIds))
    .orderBy(payments.subscriptionId, desc(payments.createdAt), desc(payments.id));
  return {
    invoiceOf: new Map(open.map((i) => [i.subscriptionId, i])),
    declineOf: new Map(declines.map(({ payment }) => [payment.subscriptionId, payment])),
  };
}

/** The dunning work queue: past_due subscriptions with what they owe, their last decline and their next retry. */
export function registerDunningRoutes(app: App, deps: AppDeps) {
  const { db } = deps;
  app.openapi(listDunning, async (c) => {
    const query = c.req.valid('query');
    const filters: SQL[] = [eq(subscriptions.status, 'past_due')];
    if (query.planId) filters.push(eq(subscriptions.planId, query.planId));
    if (query.retryBefore) filters.push(lt(subscriptions.nextChargeAt, new Date(query.retryBefore)));
    if (query.declineClass) filters.push(lastDeclineClassIs(query.declineClass));
    const page = await readTablePage(db, query, dunningOrder, and(...filters));
    const { invoiceOf, declineOf } = await readDunningDetails(
      db,
      page.rows.map((s) => s.id),
    );
    const items = page.rows.map((s) => {
      const invoice: typeof invoices.$inferSelect | undefined = invoiceOf.get(s.id);
      const decline: typeof payments.$inferSelect | undefined = declineOf.get(s.id);
      return {
        id: s.id,
        userId: s.userId,
        planId: s.planId,
        pastDueSince: iso(s.pastDueSince),
        nextRetryAt: iso(s.nextChargeAt),
        invoiceId: invoice?.id ?? null,
        amount: invoice?.amount ?? null,
        currency: invoice?.currency ?? null,
        attempts: invoice?.attempts ?? 0,
        lastDeclinedAt: iso(decline?.createdAt),
        declineCode: decline?.declineCode ?? null,
        declineReason: decline?.declineReason ?? null,
        declineClass: decline?.declineClass ?? null,
        createdAt: s.createdAt.toISOString(),
      };
    });
    return c.json({ items, has_more: page.has_more }, 200);
  });
}
