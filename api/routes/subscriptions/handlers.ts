import { and, eq, type SQL } from 'drizzle-orm';
import { invoices, subscriptions } from '../../../db/schema/index.js';
import type { Checkout } from '../../../domain/subscription/messages.js';
import {
  cancelSubscriptionUpdate,
  changePlanUpdate,
  newPaymentMethodUpdate,
  resumeSubscriptionUpdate,
} from '../../../workflows/subscription/messages.js';
import { subscriptionWorkflowId } from '../../../workflows/workflow-ids.js';
import type { App, AppDeps } from '../../app-env.js';
import { createIdempotentRoutes } from '../../idempotent-route.js';
import { type ListOrder, readTablePage } from '../../pagination.js';
import { assertReturnUrl } from '../../return-url.js';
import { threeDsStates } from '../../three-ds-state.js';
import { createSubscriptionUpdates } from '../../workflow-answer.js';
import {
  cancelSubscription,
  changePlan,
  getSubscription,
  listInvoices,
  listSubscriptions,
  newPaymentMethod,
  resumeSubscription,
} from './routes.js';
import { registerSubscribeRoute } from './subscribe.js';
import { loadPlanSnapshot, loadVisibleSubscription, toInvoice, toSubscription } from './views.js';

/** Newest first, as every list of api.md. */
const subscriptionOrder = {
  table: subscriptions,
  id: subscriptions.id,
  keys: [subscriptions.createdAt, subscriptions.id],
  direction: 'desc',
} satisfies ListOrder;
/** Newest first, as every list of api.md: the open or latest invoice leads, the checkout's comes last. */
const invoiceOrder = {
  table: invoices,
  id: invoices.id,
  keys: [invoices.createdAt, invoices.id],
  direction: 'desc',
} satisfies ListOrder;

/** The caller's own subscriptions (an admin's: all); the user guard runs first (see access-policy.ts). */
export function registerSubscriptionRoutes(app: App, deps: AppDeps) {
  const { db, temporal, config } = deps;
  const threeDs = threeDsStates(
    config.http.publicBaseUrl,
    config.threeDsStateSecret,
    config.threeDsStatePreviousSecret,
  );
  const idempotent = createIdempotentRoutes(deps);

  const handleFor = (id: string) => temporal.workflow.getHandle(subscriptionWorkflowId(id));
  const send = createSubscriptionUpdates(temporal, config.temporal.answerTimeoutMs);
  /** A user action for the subscription's workflow; a workflow that has ended means the state forbids it. */
  const update = <T>(
    row: typeof subscriptions.$inferSelect,
    operation: string,
    operationKey: string,
    run: (updateId: string | undefined) => Promise<T>,
  ) => send(row, { operation, expected: ['active', 'past_due'], operationKey }, run);

  registerSubscribeRoute(app, deps, { idempotent, threeDs });

  app.openapi(listSubscriptions, async (c) => {
    const principal = c.get('principal');
    const query = c.req.valid('query');
    const filters: SQL[] = [];
    if (!principal.isAdmin) filters.push(eq(subscriptions.userId, principal.userId));
    else if (query.userId) filters.push(eq(subscriptions.userId, query.userId));
    if (query.status) filters.push(eq(subscriptions.status, query.status));
    const page = await readTablePage(db, query, subscriptionOrder, and(...filters));
    return c.json({ items: page.rows.map(toSubscription), has_more: page.has_more }, 200);
  });

  app.openapi(getSubscription, async (c) => {
    const row = await loadVisibleSubscription(db, c.get('principal'), c.req.valid('param').id);
    return c.json(toSubscription(row), 200);
  });

  app.openapi(cancelSubscription, async (c) => {
    const principal = c.get('principal');
    const row = await loadVisibleSubscription(db, principal, c.req.valid('param').id);
    const input = c.req.valid('json');
    const { mode, refund } = input;
    const result = await idempotent(c, { body: input }, async (operationKey) => {
      await update(row, `cancel (${mode})`, operationKey, (updateId) =>
        handleFor(row.id).executeUpdate(cancelSubscriptionUpdate, {
          args: [{ mode, refund, actor: principal.userId }],
          updateId,
        }),
      );
      return { status: 200, body: toSubscription(await loadVisibleSubscription(db, principal, row.id)) };
    });
    return c.json(result.body as never, 200);
  });

  app.openapi(resumeSubscription, async (c) => {
    const principal = c.get('principal');
    const row = await loadVisibleSubscription(db, principal, c.req.valid('param').id);
    const result = await idempotent(c, { body: null }, async (operationKey) => {
      await update(row, 'resume', operationKey, (updateId) =>
        handleFor(row.id).executeUpdate(resumeSubscriptionUpdate, { args: [{ actor: principal.userId }], updateId }),
      );
      return { status: 200, body: toSubscription(await loadVisibleSubscription(db, principal, row.id)) };
    });
    return c.json(result.body as never, 200);
  });

  app.openapi(changePlan, async (c) => {
    const principal = c.get('principal');
    const row = await loadVisibleSubscription(db, principal, c.req.valid('param').id);
    const input = c.req.valid('json');
    const answer = await idempotent(c, { body: input }, async (operationKey) => {
      const plan = await loadPlanSnapshot(db, input.planId, { requireActive: true, acquirers: deps.acquirers });
      const result = await update(row, 'change plan', operationKey, (updateId) =>
        handleFor(row.id).executeUpdate(changePlanUpdate, { args: [{ plan, actor: principal.userId }], updateId }),
      );
      const [invoice] = result.prorationInvoiceId
        ? await db.select().from(invoices).where(eq(invoices.id, result.prorationInvoiceId))
        : [];
      const subscription = toSubscription(await loadVisibleSubscription(db, principal, row.id));
      return { status: 200, body: { subscription, invoice: invoice ? toInvoice(invoice) : null } };
    });
    return c.json(answer.body as never, 200);
  });

  app.openapi(newPaymentMethod, async (c) => {
    const principal = c.get('principal');
    assertReturnUrl(c.req.valid('json')?.returnUrl, config.returnUrls);
    const row = await loadVisibleSubscription(db, principal, c.req.valid('param').id);
    const input = c.req.valid('json');
    const returnUrl = input?.returnUrl ?? row.returnUrl;
    const result = await idempotent(c, { body: input ?? null }, async (operationKey) => {
      const checkout = await update(row, 'replace the card', operationKey, (updateId) =>
        handleFor(row.id).executeUpdate(newPaymentMethodUpdate, {
          args: [{ returnUrl, actor: principal.userId }],
          updateId,
        }),
      );
      return { status: 201, body: { checkout } };
    });
    const answer = result.body as { checkout: Checkout };
    return c.json({ ...answer, checkout: threeDs.present(answer.checkout, row.id) } as never, 201);
  });

  app.openapi(listInvoices, async (c) => {
    const row = await loadVisibleSubscription(db, c.get('principal'), c.req.valid('param').id);
    const page = await readTablePage(db, c.req.valid('query'), invoiceOrder, eq(invoices.subscriptionId, row.id));
    return c.json({ items: page.rows.map(toInvoice), has_more: page.has_more }, 200);
  });
}
