import { eq } from 'drizzle-orm';
import type { Context } from 'hono';
import type { Database } from '../../../db/create-db.js';
import { payments, subscriptions } from '../../../db/schema/index.js';
import { NotFoundError, ValidationError } from '../../../domain/errors.js';
import { RETURN_PAYMENT_PARAM, RETURN_STATE_PARAM } from '../../../runtime/payer-return.js';
import { completeAuthenticationUpdate } from '../../../workflows/subscription/messages.js';
import { subscriptionWorkflowId } from '../../../workflows/workflow-ids.js';
import type { App, AppDeps } from '../../app-env.js';
import { returnUrlProblem } from '../../return-url.js';
import { mapUpdateErrors } from '../../temporal-errors.js';
import { type ThreeDsStates, threeDsStates } from '../../three-ds-state.js';
import { threeDsCallback, threeDsReturn } from './routes.js';

const stepOf = (db: Database) =>
  db
    .select({
      subscriptionId: payments.subscriptionId,
      providerTransactionId: payments.providerTransactionId,
      status: subscriptions.status,
      returnUrl: subscriptions.returnUrl,
    })
    .from(payments)
    .innerJoin(subscriptions, eq(payments.subscriptionId, subscriptions.id));
type Step = Awaited<ReturnType<ReturnType<typeof stepOf>['where']>>[number];

/**
 * The confirmation step a return belongs to: the payment its address names, when the state was issued for it; on a
 * checkout of before, the 3-D Secure step of the MD posted, when the state was issued for that. A stranger (no state,
 * a wrong one, another checkout's) learns what an unknown payment tells, and nothing is sent on.
 */
async function stepOfReturn(
  db: Database,
  states: ThreeDsStates,
  query: Record<string, string | undefined>,
  form: Record<string, string>,
): Promise<Step & { providerTransactionId: string }> {
  const paymentId = query[RETURN_PAYMENT_PARAM];
  const state = query[RETURN_STATE_PARAM];
  let step: Step | undefined;
  if (paymentId) {
    const [row] = await stepOf(db).where(eq(payments.id, paymentId));
    step = row && states.returns.verify(row.subscriptionId, paymentId, state) ? row : undefined;
  } else {
    const { MD: md, PaRes: paRes } = form;
    if (!md || !paRes) throw new ValidationError('The return names no payment, nor an MD and a PaRes');
    const candidates = await stepOf(db).where(eq(payments.providerTransactionId, md));
    step = candidates.find((r) => states.verifyLegacy(r.subscriptionId, md, state));
  }
  if (!step?.providerTransactionId) throw new NotFoundError('payment', paymentId ?? form.MD ?? '');
  return { ...step, providerTransactionId: step.providerTransactionId };
}

/**
 * The payer's browser coming back after confirming a payment, by form post or by redirect. The state in the return
 * address only the checkout's owner was given is its credential; everything else that came back is the acquirer's,
 * handed untouched to the workflow (and from there to the adapter) as the continuation.
 */
export function registerPayerReturnRoutes(app: App, { db, temporal, config }: AppDeps) {
  const states = threeDsStates(config.http.publicBaseUrl, config.threeDsStateSecret, config.threeDsStatePreviousSecret);

  async function complete(c: Context, query: Record<string, string | undefined>, form: Record<string, string>) {
    const step = await stepOfReturn(db, states, query, form);
    const { [RETURN_PAYMENT_PARAM]: _ours, [RETURN_STATE_PARAM]: _state, ...acquirerQuery } = query;
    const continuation = Object.fromEntries(
      Object.entries({ ...acquirerQuery, ...form }).filter((e): e is [string, string] => e[1] !== undefined),
    );
    const handle = temporal.workflow.getHandle(subscriptionWorkflowId(step.subscriptionId));
    // A declined or expired checkout ends its workflow: a second submission of the bank's form is then refused too.
    const whenEnded = { operation: 'complete 3-D Secure', current: step.status, expected: ['requires_action'] };
    const args = [{ providerTransactionId: step.providerTransactionId, continuation }] as const;
    const checkout = await mapUpdateErrors(
      () => handle.executeUpdate(completeAuthenticationUpdate, { args: [...args] }),
      whenEnded,
    );
    const result = { subscriptionId: step.subscriptionId, status: checkout.status };
    // A returnUrl stored before today's rules (or under other RETURN_URL_HOSTS) is not followed: the payer gets JSON.
    if (!step.returnUrl || returnUrlProblem(step.returnUrl, config.returnUrls)) return c.json(result, 200);
    const target = new URL(step.returnUrl);
    target.searchParams.set('subscriptionId', result.subscriptionId);
    target.searchParams.set('status', result.status);
    return c.redirect(target.toString(), 303);
  }

  app.openapi(threeDsCallback, async (c) => complete(c, c.req.valid('query'), c.req.valid('form')) as never);
  app.openapi(threeDsReturn, async (c) => complete(c, c.req.valid('query'), {}) as never);
}
