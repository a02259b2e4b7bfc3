import { createHash } from 'node:crypto';
import {
  WithStartWorkflowOperation,
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdReusePolicy,
} from '@temporalio/client';
import { and, asc, desc, eq, inArray, type SQL } from 'drizzle-orm';
import { checkoutCryptogramStore } from '../../../db/checkout-cryptograms.js';
import type { Database } from '../../../db/create-db.js';
import { invoices, subscriptions } from '../../../db/schema/index.js';
import { LIVE_SUBSCRIPTION_STATUSES } from '../../../db/schema/statuses.js';
import { ConflictError } from '../../../domain/errors.js';
import { initialInvoiceId } from '../../../domain/subscription/ids.js';
import type { Checkout, CheckoutMethod } from '../../../domain/subscription/messages.js';
import { newSubscriptionState } from '../../../domain/subscription/restore.js';
import {
  billingPlanId,
  billingStatus,
  billingSubscriptionId,
  billingUserId,
} from '../../../workflows/search-attributes.js';
import type { SubscriptionWorkflowInput } from '../../../workflows/subscription/input.js';
import {
  cancelSubscriptionUpdate,
  changePlanUpdate,
  newPaymentMethodUpdate,
  openCheckoutUpdate,
  resumeSubscriptionUpdate,
} from '../../../workflows/subscription/messages.js';
import { subscriptionWorkflow } from '../../../workflows/subscription-workflow.js';
import { subscriptionWorkflowId } from '../../../workflows/workflow-ids.js';
import type { App, AppDeps } from '../../app-env.js';
import { createIdempotentRoutes } from '../../idempotent-route.js';
import { assertReturnUrl } from '../../return-url.js';
import { mapUpdateErrors } from '../../temporal-errors.js';
import { threeDsStates } from '../../three-ds-state.js';
import {
  cancelSubscription,
  changePlan,
  createSubscription,
  getSubscription,
  listInvoices,
  listSubscriptions,
  newPaymentMethod,
  resumeSubscription,
} from './routes.js';
import { checkoutFromRecords, loadPlanSnapshot, loadVisibleSubscription, toInvoice, toSubscription } from './views.js';

/** The cryptogram waits in the database for the charge, so the workflow's input (its history) never holds it. */
async function withoutCryptogram(
  db: Database,
  subscriptionId: string,
  payment: CheckoutMethod,
): Promise<CheckoutMethod> {
  if (payment.method !== 'card_cryptogram' || payment.cryptogram === undefined) return payment;
  await checkoutCryptogramStore(db).keep(initialInvoiceId(subscriptionId), payment.cryptogram);
  return { method: payment.method, ipAddress: payment.ipAddress };
}

/** The subscription id is derived from the user and their Idempotency-Key, so a retried request is the same one. */
export const subscriptionIdFor = (userId: string, key: string) =>
  `sub_${createHash('sha256').update(`${userId}\n${key}`).digest('hex').slice(0, 24)}`;

/** The caller's own subscriptions (an admin's: all); the user guard runs first (see access-policy.ts). */
export function registerSubscriptionRoutes(app: App, deps: AppDeps) {
  const { db, temporal, config } = deps;
  const threeDs = threeDsStates(config.threeDsStateSecret, config.threeDsStatePreviousSecret);
  const idempotent = createIdempotentRoutes(deps);
  const { currencies } = deps.provider.capabilities;

  const handleFor = (id: string) => temporal.workflow.getHandle(subscriptionWorkflowId(id));
  /** Sends a user action to the subscription's workflow; a workflow that has ended means the state forbids it. */
  const update = <T>(row: typeof subscriptions.$inferSelect, operation: string, run: () => Promise<T>) =>
    mapUpdateErrors(run, { operation, current: row.status, expected: ['active', 'past_due'] });

  app.openapi(createSubscription, async (c) => {
    const principal = c.get('principal');
    const input = c.req.valid('json');
    assertReturnUrl(input.returnUrl, config.returnUrls);
    const result = await idempotent(c, { body: input, required: true }, async (key) => {
      const plan = await loadPlanSnapshot(db, input.planId, { requireActive: true, currencies });
      const subscriptionId = subscriptionIdFor(principal.userId, key);
      const live = await db
        .select({ id: subscriptions.id })
        .from(subscriptions)
        .where(
          and(
            eq(subscriptions.userId, principal.userId),
            inArray(subscriptions.status, [...LIVE_SUBSCRIPTION_STATUSES]),
          ),
        );
      if (live.some((s) => s.id !== subscriptionId)) {
        throw new ConflictError(
          'subscription_exists',
          'You already have a subscription that is pending, active or past due',
          { subscriptionId: live[0]?.id },
        );
      }
      const workflowInput: SubscriptionWorkflowInput = {
        state: newSubscriptionState(subscriptionId, principal.userId, plan),
        checkout: {
          payment: await withoutCryptogram(db, subscriptionId, input.payment),
          returnUrl: input.returnUrl ?? null,
        },
        checkoutTtlMs: config.checkoutTtlMs,
        termUrl: `${config.http.publicBaseUrl}/v1/payments/3ds/callback`,
        transition: 0,
      };
      const start = new WithStartWorkflowOperation(subscriptionWorkflow, {
        workflowId: subscriptionWorkflowId(subscriptionId),
        taskQueue: config.temporal.taskQueue,
        args: [workflowInput],
        workflowIdConflictPolicy: 'USE_EXISTING',
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        // Searchable from the first moment, so operators find checkouts still waiting to be paid.
        typedSearchAttributes: [
          { key: billingUserId, value: principal.userId },
          { key: billingSubscriptionId, value: subscriptionId },
          { key: billingStatus, value: 'pending_payment' },
          { key: billingPlanId, value: plan.id },
        ],
      });
      const checkout = await mapUpdateErrors(() =>
        temporal.workflow.executeUpdateWithStart(openCheckoutUpdate, {
          updateId: `checkout-${subscriptionId}`,
          startWorkflowOperation: start,
        }),
      ).catch(async (error) => {
        // The same request again after its checkout ended (and the first answer was lost): answer from the books.
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
        return checkoutFromRecords(db, subscriptionId);
      });
      const row = await loadVisibleSubscription(db, principal, subscriptionId);
      return { status: 201, body: { subscription: toSubscription(row), checkout } };
    });
    const body = result.body as { subscription?: { id: string }; checkout?: Checkout };
    // Signed on every answer, replays included: the state is never stored.
    const checkout = body.subscription ? threeDs.present(body.checkout, body.subscription.id) : body.checkout;
    return c.json({ ...body, checkout } as never, 201);
  });

  app.openapi(listSubscriptions, async (c) => {
    const principal = c.get('principal');
    const query = c.req.valid('query');
    const filters: SQL[] = [];
    if (!principal.isAdmin) filters.push(eq(subscriptions.userId, principal.userId));
    else if (query.userId) filters.push(eq(subscriptions.userId, query.userId));
    if (query.status) filters.push(eq(subscriptions.status, query.status));
    const rows = await db
      .select()
      .from(subscriptions)
      .where(and(...filters))
      .orderBy(desc(subscriptions.createdAt))
      .limit(500);
    return c.json({ items: rows.map(toSubscription) }, 200);
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
    const result = await idempotent(c, { body: input }, async () => {
      await update(row, `cancel (${mode})`, () =>
        handleFor(row.id).executeUpdate(cancelSubscriptionUpdate, {
          args: [{ mode, refund, actor: principal.userId }],
        }),
      );
      return { status: 200, body: toSubscription(await loadVisibleSubscription(db, principal, row.id)) };
    });
    return c.json(result.body as never, 200);
  });

  app.openapi(resumeSubscription, async (c) => {
    const principal = c.get('principal');
    const row = await loadVisibleSubscription(db, principal, c.req.valid('param').id);
    const result = await idempotent(c, { body: null }, async () => {
      await update(row, 'resume', () =>
        handleFor(row.id).executeUpdate(resumeSubscriptionUpdate, { args: [{ actor: principal.userId }] }),
      );
      return { status: 200, body: toSubscription(await loadVisibleSubscription(db, principal, row.id)) };
    });
    return c.json(result.body as never, 200);
  });

  app.openapi(changePlan, async (c) => {
    const principal = c.get('principal');
    const row = await loadVisibleSubscription(db, principal, c.req.valid('param').id);
    const input = c.req.valid('json');
    const answer = await idempotent(c, { body: input }, async () => {
      const plan = await loadPlanSnapshot(db, input.planId, { requireActive: true, currencies });
      const result = await update(row, 'change plan', () =>
        handleFor(row.id).executeUpdate(changePlanUpdate, { args: [{ plan, actor: principal.userId }] }),
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
    const result = await idempotent(c, { body: input ?? null }, async () => {
      const checkout = await update(row, 'replace the card', () =>
        handleFor(row.id).executeUpdate(newPaymentMethodUpdate, { args: [{ returnUrl, actor: principal.userId }] }),
      );
      return { status: 201, body: { checkout } };
    });
    const answer = result.body as { checkout: Checkout };
    return c.json({ ...answer, checkout: threeDs.present(answer.checkout, row.id) } as never, 201);
  });

  app.openapi(listInvoices, async (c) => {
    const row = await loadVisibleSubscription(db, c.get('principal'), c.req.valid('param').id);
    const rows = await db
      .select()
      .from(invoices)
      .where(eq(invoices.subscriptionId, row.id))
      .orderBy(asc(invoices.createdAt), asc(invoices.id));
    return c.json({ items: rows.map(toInvoice) }, 200);
  });
}
