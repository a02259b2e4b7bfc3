// Drives the stack the way a Movix client and a payer would: the API over HTTP, the sandbox's test controls.
import { randomUUID } from 'node:crypto';
import { desc, eq } from 'drizzle-orm';
import { paymentMethods } from '../../db/schema/index.js';
import type { Harness } from './harness.js';
import { within } from './renewal-steps.js';

// biome-ignore lint/suspicious/noExplicitAny: tests read JSON bodies loosely and assert on them
export type Json = any;

export const CARDS = {
  success: '4000000000003055',
  /** Another card that pays without 3-D Secure (a different token from `success`). */
  otherSuccess: '5205000000003055',
  success3ds: '4242424242424242',
  insufficientFunds: '4000056655665556',
  /** Pays by cryptogram, but its token charges decline with insufficient funds. */
  tokenDeclines: '4111111111111111',
} as const;

export async function until<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  timeoutMs = 20_000,
  intervalMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      // A check that never answers (a server that stopped responding) must not outlive the deadline either.
      const value = await within(check(), Math.max(deadline - Date.now(), 0) + CHECK_GRACE_MS, `${what} (one check)`);
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

const CHECK_GRACE_MS = 1_000;

export function billingClient(h: Harness) {
  const call = async (
    method: string,
    path: string,
    user: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const token = await h.token(user, { admin: user.startsWith('admin') });
    const res = await fetch(`${h.apiUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as Json, headers: res.headers };
  };
  const sandbox = async (path: string, body?: unknown): Promise<Json> => {
    const res = await fetch(`${h.sandboxUrl}/_sandbox${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`sandbox ${path}: HTTP ${res.status} ${await res.text()}`);
    return res.json();
  };
  return {
    call,
    sandbox,
    subscribe: (user: string, body: Json, key: string = randomUUID()) =>
      call('POST', '/v1/subscriptions', user, body, { 'idempotency-key': key }),
    subscription: async (user: string, id: string) => (await call('GET', `/v1/subscriptions/${id}`, user)).body,
    /** In the order they were made (the API lists newest first, as api.md's lists do). */
    invoices: async (user: string, id: string) =>
      ((await call('GET', `/v1/subscriptions/${id}/invoices?limit=500`, user)).body.items as Json[]).reverse(),
    cryptogram: async (cardNumber: string) =>
      (await sandbox('/cryptogram', { cardNumber, expMonth: 12, expYear: 2030, cvv: '123' })).packet as string,
    payLink: (paymentUrl: string, cardNumber: string) =>
      sandbox(`/orders/${paymentUrl.split('/d/')[1]}/pay`, { cardNumber }),
    /** Ledger entries of one invoice: the ground truth for "charged exactly once". */
    ledger: async (invoiceId: string) =>
      ((await sandbox('/transactions')).items as Json[]).filter((t) => t.InvoiceId === invoiceId),
    waitForStatus: async (user: string, id: string, status: string, timeoutMs = 20_000) => {
      let last: Json;
      try {
        return await until(
          `subscription ${id} to be ${status}`,
          async () => {
            last = (await call('GET', `/v1/subscriptions/${id}`, user)).body;
            return last?.status === status ? last : undefined;
          },
          timeoutMs,
        );
      } catch (error) {
        // Say what the stack did instead, so a failure explains itself.
        const notifications = ((await sandbox('/notifications')).items as Json[]).slice(-4);
        const message = `${(error as Error).message}; last seen ${JSON.stringify(last)}; recent notifications ${JSON.stringify(notifications)}`;
        throw new Error(message);
      }
    },
  };
}

/** A plan created through the admin API; by default 1000 RUB a month with dunning in seconds. */
export async function createPlan(
  h: Harness,
  options: { amount?: number; dunningScheduleSeconds?: number[]; period?: { unit: string; count: number } } = {},
) {
  const period = options.period ?? { unit: 'month', count: 1 };
  const id = `${period.unit}-${randomUUID().slice(0, 8)}`;
  const res = await billingClient(h).call('POST', '/v1/plans', 'admin-tests', {
    id,
    name: `Every ${period.count} ${period.unit} ${id}`,
    amount: options.amount ?? 1000,
    currency: 'RUB',
    period,
    dunningScheduleSeconds: options.dunningScheduleSeconds ?? [10, 20, 30],
  });
  if (res.status !== 201) throw new Error(`plan creation failed: ${JSON.stringify(res.body)}`);
  return id;
}

/** A plan renewing every minute with dunning in seconds, so renewals happen within a test on real time. */
export const createMinutePlan = (h: Harness, options: Parameters<typeof createPlan>[1] = {}) =>
  createPlan(h, { period: { unit: 'minute', count: 1 }, ...options });

/** Subscribes `user` to `planId` and pays the hosted page with `card`; resolves once active. */
export async function activeSubscription(h: Harness, user: string, planId: string, card: string = CARDS.success) {
  const api = billingClient(h);
  const created = await api.subscribe(user, { planId });
  if (created.status !== 201) throw new Error(`subscribe failed: ${JSON.stringify(created.body)}`);
  await api.payLink(created.body.checkout.paymentUrl, card);
  return api.waitForStatus(user, created.body.subscription.id, 'active');
}

/** The cards saved for a subscription, newest first. */
export const savedCards = (h: Harness, subscriptionId: string) =>
  h.database.db
    .select()
    .from(paymentMethods)
    .where(eq(paymentMethods.subscriptionId, subscriptionId))
    .orderBy(desc(paymentMethods.createdAt));
