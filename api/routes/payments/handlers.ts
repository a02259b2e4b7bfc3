import { and, desc, eq, type SQL } from 'drizzle-orm';
import { payments, subscriptions } from '../../../db/schema/index.js';
import { NotFoundError } from '../../../domain/errors.js';
import { completeAuthenticationUpdate } from '../../../workflows/subscription/messages.js';
import { subscriptionWorkflowId } from '../../../workflows/workflow-ids.js';
import type { App, AppDeps } from '../../app-env.js';
import { returnUrlProblem } from '../../return-url.js';
import { mapUpdateErrors } from '../../temporal-errors.js';
import { threeDsStates } from '../../three-ds-state.js';
import { getPayment, listPayments, threeDsCallback } from './routes.js';

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
  refundedAmount: row.refundedAmount,
  cardLastFour: row.cardLastFour,
  receipt: row.receipt ?? null,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

export function registerPaymentRoutes(app: App, { db, temporal, config }: AppDeps) {
  const states = threeDsStates(config.threeDsStateSecret, config.threeDsStatePreviousSecret);

  // The 3-D Secure return comes from the payer's browser, not from an API client: the state in the TermUrl that only
  // the checkout's owner was given is its credential, the MD only says which step it is.
  app.openapi(threeDsCallback, async (c) => {
    const { MD, PaRes } = c.req.valid('form');
    const { state } = c.req.valid('query');
    const candidates = await db
      .select({
        subscriptionId: payments.subscriptionId,
        status: subscriptions.status,
        returnUrl: subscriptions.returnUrl,
      })
      .from(payments)
      .innerJoin(subscriptions, eq(payments.subscriptionId, subscriptions.id))
      .where(eq(payments.providerTransactionId, MD));
    const row = candidates.find((r) => states.verify(r.subscriptionId, MD, state));
    // A stranger (no state, a wrong one, another checkout's) learns what an unknown MD tells, and nothing is sent on.
    if (!row) throw new NotFoundError('payment', MD);
    const handle = temporal.workflow.getHandle(subscriptionWorkflowId(row.subscriptionId));
    // A declined or expired checkout ends its workflow: a second submission of the bank's form is then refused too.
    const whenEnded = { operation: 'complete 3-D Secure', current: row.status, expected: ['requires_action'] };
    const checkout = await mapUpdateErrors(
      () => handle.executeUpdate(completeAuthenticationUpdate, { args: [{ providerTransactionId: MD, paRes: PaRes }] }),
      whenEnded,
    );
    const result = { subscriptionId: row.subscriptionId, status: checkout.status };
    // A returnUrl stored before today's rules (or under other RETURN_URL_HOSTS) is not followed: the payer gets JSON.
    if (!row.returnUrl || returnUrlProblem(row.returnUrl, config.returnUrls)) return c.json(result, 200);
    const target = new URL(row.returnUrl);
    target.searchParams.set('subscriptionId', result.subscriptionId);
    target.searchParams.set('status', result.status);
    return c.redirect(target.toString(), 303);
  });

  app.openapi(listPayments, async (c) => {
    const principal = c.get('principal');
    const query = c.req.valid('query');
    const filters: SQL[] = [];
    if (!principal.isAdmin) filters.push(eq(payments.userId, principal.userId));
    else if (query.userId) filters.push(eq(payments.userId, query.userId));
    if (query.subscriptionId) filters.push(eq(payments.subscriptionId, query.subscriptionId));
    if (query.status) filters.push(eq(payments.status, query.status));
    const rows = await db
      .select()
      .from(payments)
      .where(and(...filters))
      .orderBy(desc(payments.createdAt))
      .limit(500);
    return c.json({ items: rows.map(toPayment) }, 200);
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
