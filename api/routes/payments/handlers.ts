import { and, eq, type SQL } from 'drizzle-orm';
import { payments } from '../../../db/schema/index.js';
import { NotFoundError } from '../../../domain/errors.js';
import type { App, AppDeps } from '../../app-env.js';
import { type ListOrder, readTablePage } from '../../pagination.js';
import { registerPayerReturnRoutes } from './payer-return.js';
import { getPayment, listPayments } from './routes.js';

export const toPayment = (row: typeof payments.$inferSelect) => ({
  id: row.id,
  invoiceId: row.invoiceId,
  subscriptionId: row.subscriptionId,
  userId: row.userId,
  provider: row.provider,
  acquirer: row.provider,
  providerTransactionId: row.providerTransactionId,
  amount: row.amount,
  currency: row.currency,
  status: row.status,
  declineCode: row.declineCode,
  declineReason: row.declineReason,
  declineClass: row.declineClass,
  refundedAmount: row.refundedAmount,
  cardLastFour: row.cardLastFour,
  receipt: row.receipt ?? null,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

const paymentOrder = {
  table: payments,
  id: payments.id,
  keys: [payments.createdAt, payments.id],
  direction: 'desc',
} satisfies ListOrder;

export function registerPaymentRoutes(app: App, deps: AppDeps) {
  const { db } = deps;
  registerPayerReturnRoutes(app, deps);

  app.openapi(listPayments, async (c) => {
    const principal = c.get('principal');
    const query = c.req.valid('query');
    const filters: SQL[] = [];
    if (!principal.isAdmin) filters.push(eq(payments.userId, principal.userId));
    else if (query.userId) filters.push(eq(payments.userId, query.userId));
    if (query.subscriptionId) filters.push(eq(payments.subscriptionId, query.subscriptionId));
    if (query.status) filters.push(eq(payments.status, query.status));
    if (query.acquirer) filters.push(eq(payments.provider, query.acquirer));
    if (query.cardLastFour) filters.push(eq(payments.cardLastFour, query.cardLastFour));
    if (query.providerTransactionId) filters.push(eq(payments.providerTransactionId, query.providerTransactionId));
    const page = await readTablePage(db, query, paymentOrder, and(...filters));
    return c.json({ items: page.rows.map(toPayment), has_more: page.has_more }, 200);
  });

  app.openapi(getPayment, async (c) => {
    const principal = c.get('principal');
    const { id } = c.req.valid('param');
    const where = principal.isAdmin
      ? eq(payments.id, id)
      : and(eq(payments.id, id), eq(payments.userId, principal.userId));
    const [row] = await db.select().from(payments).where(where);
    if (!row) throw new NotFoundError('payment', id);
    return c.json(toPayment(row), 200);
  });
}
