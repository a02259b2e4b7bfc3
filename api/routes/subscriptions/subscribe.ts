// POST /v1/subscriptions: a checkout starts the subscription's workflow and opens its first invoice in one update.
import { createHash } from 'node:crypto';
import {
  WithStartWorkflowOperation,
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdReusePolicy,
} from '@temporalio/client';
import { and, eq, inArray } from 'drizzle-orm';
import { checkoutCryptogramStore } from '../../../db/checkout-cryptograms.js';
import type { Database } from '../../../db/create-db.js';
import { subscriptions } from '../../../db/schema/index.js';
import { LIVE_SUBSCRIPTION_STATUSES } from '../../../db/schema/statuses.js';
import { subscriptionContactStore } from '../../../db/subscription-contacts.js';
import { checkoutContact } from '../../../domain/customer-contact.js';
import { ConflictError } from '../../../domain/errors.js';
import { initialInvoiceId } from '../../../domain/subscription/ids.js';
import type { Checkout, CheckoutMethod } from '../../../domain/subscription/messages.js';
import { newSubscriptionState } from '../../../domain/subscription/restore.js';
import { subscriptionStartAttributes } from '../../../workflows/search-attributes.js';
import type { SubscriptionWorkflowInput } from '../../../workflows/subscription/input.js';
import { openCheckoutUpdate } from '../../../workflows/subscription/messages.js';
import { subscriptionWorkflow } from '../../../workflows/subscription-workflow.js';
import { subscriptionWorkflowId } from '../../../workflows/workflow-ids.js';
import type { App, AppDeps } from '../../app-env.js';
import type { Idempotent } from '../../idempotent-route.js';
import { assertReturnUrl } from '../../return-url.js';
import { mapUpdateErrors } from '../../temporal-errors.js';
import type { ThreeDsStates } from '../../three-ds-state.js';
import { checkoutTtlMs } from './checkout-ttl.js';
import { createSubscription } from './routes.js';
import { checkoutFromRecords, loadPlanSnapshot, loadVisibleSubscription, toSubscription } from './views.js';

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

/** Subscribe: one live subscription per user; the answer is replayed per Idempotency-Key, its 3-D Secure state signed. */
export function registerSubscribeRoute(
  app: App,
  deps: AppDeps,
  { idempotent, threeDs }: { idempotent: Idempotent; threeDs: ThreeDsStates },
) {
  const { db, temporal, config } = deps;

  app.openapi(createSubscription, async (c) => {
    const principal = c.get('principal');
    const input = c.req.valid('json');
    assertReturnUrl(input.returnUrl, config.returnUrls);
    const contact = checkoutContact(input.customer, { email: principal.email, phone: principal.phone });
    const result = await idempotent(c, { body: input, required: true }, async (key) => {
      const subscriptionId = subscriptionIdFor(principal.userId, key);
      // Two reads that do not depend on each other, side by side: a checkout waits for one round trip, not two.
      const [plan, live] = await Promise.all([
        loadPlanSnapshot(db, input.planId, { requireActive: true, acquirers: deps.acquirers }),
        db
          .select({ id: subscriptions.id })
          .from(subscriptions)
          .where(
            and(
              eq(subscriptions.userId, principal.userId),
              inArray(subscriptions.status, [...LIVE_SUBSCRIPTION_STATUSES]),
            ),
          ),
      ]);
      if (live.some((s) => s.id !== subscriptionId)) {
        throw new ConflictError(
          'subscription_exists',
          'You already have a subscription that is pending, active or past due',
          { subscriptionId: live[0]?.id },
        );
      }
      // Kept beside the subscription, not in the workflow's input: activities read it when they build receipts.
      // Both rows are written before the workflow starts; neither depends on the other.
      const [, payment] = await Promise.all([
        subscriptionContactStore(db).keep(subscriptionId, contact),
        withoutCryptogram(db, subscriptionId, input.payment),
      ]);
      const workflowInput: SubscriptionWorkflowInput = {
        state: newSubscriptionState(subscriptionId, principal.userId, plan),
        checkout: { payment, returnUrl: input.returnUrl ?? null },
        checkoutTtlMs: checkoutTtlMs(
          config.checkoutTtlMs,
          deps.acquirers.forCheckout({ planId: plan.id, currency: plan.currency }).capabilities,
        ),
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
        typedSearchAttributes: subscriptionStartAttributes({
          userId: principal.userId,
          subscriptionId,
          status: 'pending_payment',
          planId: plan.id,
        }),
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
}
