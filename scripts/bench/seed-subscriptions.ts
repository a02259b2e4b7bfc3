// Paid-up subscriptions, written through the project's own activities: the subscription row, its initial invoice
// paid by a card cryptogram at the sandbox (which issues the card token and the saved payment method, as a real
// checkout does), and the invoice settled. Each gets its own user and so its own token.
import { and, count, eq, isNotNull } from 'drizzle-orm';
import { TEST_CARDS } from '../../acquiring/cloudpayments/test-cards.js';
import type { Activities } from '../../activities/index.js';
import type { Config } from '../../config/config.js';
import type { Database } from '../../db/create-db.js';
import { webhookInbox } from '../../db/schema/index.js';
import { initialInvoiceId } from '../../domain/subscription/ids.js';
import type { PlanSnapshot } from '../../domain/subscription/state.js';
import { inBatches, pollUntil } from './poll.js';
import { dueRenewalInput, type PaidPeriod, type SubscriptionIds } from './renewal-input.js';

export interface SeedContext {
  plan: PlanSnapshot;
  period: PaidPeriod;
  config: Config;
  sandboxUrl: string;
}

// The sandbox answers 5 API calls at a time (as CloudPayments test terminals do) and 429s the rest.
const ACQUIRER_CALLS_AT_ONCE = 4;

async function sandboxCryptogram(sandboxUrl: string): Promise<string> {
  const card = TEST_CARDS.find((c) => !c.threeDs && c.cryptogram === 'success' && c.token === 'success');
  if (!card) throw new Error('no test card pays without 3-D Secure and renews by token');
  const response = await fetch(`${sandboxUrl}/_sandbox/cryptogram`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ cardNumber: card.number }),
  });
  if (!response.ok) throw new Error(`sandbox cryptogram: HTTP ${response.status}`);
  return ((await response.json()) as { packet: string }).packet;
}

async function payInitialInvoice(activities: Activities, ids: SubscriptionIds, cryptogram: string, ctx: SeedContext) {
  const { state } = dueRenewalInput(ids, ctx.plan, ctx.period, ctx.config);
  await activities.createSubscriptionRecord({ state, returnUrl: null });
  const invoiceId = initialInvoiceId(ids.subscriptionId);
  const { amount, currency } = ctx.plan;
  await activities.createInvoice({
    id: invoiceId,
    subscriptionId: ids.subscriptionId,
    kind: 'initial',
    amount,
    currency,
    periodStart: state.currentPeriodStart ?? '',
    periodEnd: state.currentPeriodEnd ?? '',
  });
  const charge = { ...ids, invoiceId, attempt: 1, amount, currency, cryptogram, ipAddress: '127.0.0.1' };
  // A 429 comes back as a thrown acquirer_unavailable: the same attempt is tried again, as Temporal would.
  for (let tries = 1; ; tries++) {
    const answer = await activities.chargeCardForInvoice(charge).catch((error: Error) => error);
    if (!(answer instanceof Error) && answer.outcome === 'succeeded') break;
    if (!(answer instanceof Error) || tries >= 10) {
      throw new Error(`seeding ${ids.subscriptionId}: ${answer instanceof Error ? answer.message : answer.outcome}`);
    }
    await new Promise((r) => setTimeout(r, 100 * tries));
  }
  await activities.settleInvoice({ id: invoiceId, status: 'paid' });
}

/** `pay` notifications from the sandbox that the API has taken in and handed to their workflow (if any). */
export async function processedPayNotifications(db: Database): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(webhookInbox)
    .where(and(eq(webhookInbox.kind, 'pay'), isNotNull(webhookInbox.processedAt)));
  return row?.n ?? 0;
}

/**
 * Seeds every subscription, then waits until the sandbox's `pay` notifications of those charges have been through
 * the API, so none of them arrives later as a signal inside a measured run.
 */
export async function seedPaidSubscriptions(
  db: Database,
  activities: Activities,
  all: readonly SubscriptionIds[],
  ctx: SeedContext,
) {
  const cryptogram = await sandboxCryptogram(ctx.sandboxUrl);
  await inBatches(all, ACQUIRER_CALLS_AT_ONCE, (ids) => payInitialInvoice(activities, ids, cryptogram, ctx));
  const { value, met } = await pollUntil(
    () => processedPayNotifications(db),
    (n) => n >= all.length,
    { deadline: Date.now() + 60_000 },
  );
  if (!met) throw new Error(`only ${value}/${all.length} seed payment notifications reached the API within 60 s`);
}
