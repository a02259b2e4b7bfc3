// The security matrix's table: every documented route, who may call it, and a request that only the caller's
// identity decides. Adding a route to the API without adding it here fails test/api/security-matrix.test.ts.
import { randomUUID } from 'node:crypto';
import type { Access } from '../../api/access-policy.js';
import type { Database } from '../../db/create-db.js';
import { invoices, payments, plans, refunds, subscriptions } from '../../db/schema/index.js';

/** Alice's rows: what nobody but Alice and admins may ever see. */
export interface Seed {
  owner: string;
  planId: string;
  subscriptionId: string;
  invoiceId: string;
  paymentId: string;
  /** The acquirer's transaction id of Alice's payment: a known MD. */
  transactionId: string;
  refundId: string;
}

export async function seedOwnerData(db: Database): Promise<Seed> {
  const tag = randomUUID().slice(0, 8);
  const seed: Seed = {
    owner: `alice-${tag}`,
    planId: `sec-plan-${tag}`,
    subscriptionId: `sub_sec${tag}`,
    invoiceId: `inv_sec${tag}`,
    paymentId: `pay_sec${tag}`,
    transactionId: `9${Date.now() % 1_000_000}`,
    refundId: `ref_sec${tag}`,
  };
  const now = new Date();
  const end = new Date(now.getTime() + 30 * 86_400_000);
  const money = { amount: 29900, currency: 'RUB' };
  await db.insert(plans).values({ id: seed.planId, name: 'Sec', ...money, periodUnit: 'month', periodCount: 1 });
  await db.insert(subscriptions).values({
    id: seed.subscriptionId,
    userId: seed.owner,
    planId: seed.planId,
    status: 'active',
    currentPeriodStart: now,
    currentPeriodEnd: end,
  });
  await db.insert(invoices).values({
    id: seed.invoiceId,
    subscriptionId: seed.subscriptionId,
    kind: 'initial',
    ...money,
    status: 'paid',
    periodStart: now,
    periodEnd: end,
  });
  await db.insert(payments).values({
    id: seed.paymentId,
    invoiceId: seed.invoiceId,
    subscriptionId: seed.subscriptionId,
    userId: seed.owner,
    attempt: 1,
    idempotencyKey: `sec-${tag}`,
    provider: 'cloudpayments',
    providerTransactionId: seed.transactionId,
    ...money,
    status: 'succeeded',
    cardLastFour: '4242',
  });
  await db.insert(refunds).values({
    id: seed.refundId,
    paymentId: seed.paymentId,
    amount: 100,
    currency: 'RUB',
    status: 'pending',
    reason: 'security matrix',
    idempotencyKey: `sec-ref-${tag}`,
    requestedBy: 'op',
  });
  return seed;
}

export interface RouteRequest {
  method: string;
  path: string;
  json?: unknown;
  form?: Record<string, string>;
  headers?: Record<string, string>;
}

export interface RouteCase {
  access: Access;
  request(seed: Seed): RouteRequest;
  /** Skip the admin's positive check when it would start work the test cannot finish (no worker runs). */
  adminSkip?: string;
  /** Takes `Idempotency-Key` (it moves money or changes a subscription); every other POST is a decision not to. */
  idempotency?: 'required' | 'optional';
}

const key = { 'idempotency-key': 'security-matrix' };

export const ROUTES: Record<string, RouteCase> = {
  'GET /health': { access: 'public', request: () => ({ method: 'GET', path: '/health' }) },
  'GET /ready': { access: 'public', request: () => ({ method: 'GET', path: '/ready' }) },
  'GET /v1/plans': { access: 'public', request: () => ({ method: 'GET', path: '/v1/plans' }) },
  'POST /v1/plans': {
    access: 'admin',
    request: () => ({
      method: 'POST',
      path: '/v1/plans',
      json: { name: 'Matrix', amount: 100, currency: 'RUB', period: { unit: 'month', count: 1 }, active: false },
    }),
  },
  'PATCH /v1/plans/{id}': {
    access: 'admin',
    request: (s) => ({ method: 'PATCH', path: `/v1/plans/${s.planId}`, json: { name: 'Sec renamed' } }),
  },
  // The plan does not exist, so whoever gets past authentication gets 404 and nothing is started.
  'POST /v1/subscriptions': {
    access: 'user',
    idempotency: 'required',
    request: () => ({ method: 'POST', path: '/v1/subscriptions', json: { planId: 'no-such-plan' }, headers: key }),
  },
  'GET /v1/subscriptions': { access: 'user', request: () => ({ method: 'GET', path: '/v1/subscriptions' }) },
  'GET /v1/subscriptions/{id}': {
    access: 'user',
    request: (s) => ({ method: 'GET', path: `/v1/subscriptions/${s.subscriptionId}` }),
  },
  'POST /v1/subscriptions/{id}/cancel': {
    access: 'user',
    idempotency: 'optional',
    request: (s) => ({
      method: 'POST',
      path: `/v1/subscriptions/${s.subscriptionId}/cancel`,
      json: { mode: 'at_period_end' },
    }),
  },
  'POST /v1/subscriptions/{id}/resume': {
    access: 'user',
    idempotency: 'optional',
    request: (s) => ({ method: 'POST', path: `/v1/subscriptions/${s.subscriptionId}/resume` }),
  },
  'POST /v1/subscriptions/{id}/change-plan': {
    access: 'user',
    idempotency: 'optional',
    request: (s) => ({
      method: 'POST',
      path: `/v1/subscriptions/${s.subscriptionId}/change-plan`,
      json: { planId: 'monthly' },
    }),
  },
  'POST /v1/subscriptions/{id}/payment-method': {
    access: 'user',
    idempotency: 'optional',
    request: (s) => ({ method: 'POST', path: `/v1/subscriptions/${s.subscriptionId}/payment-method`, json: {} }),
  },
  'GET /v1/subscriptions/{id}/invoices': {
    access: 'user',
    request: (s) => ({ method: 'GET', path: `/v1/subscriptions/${s.subscriptionId}/invoices` }),
  },
  'GET /v1/payments': { access: 'user', request: () => ({ method: 'GET', path: '/v1/payments' }) },
  'GET /v1/payments/{id}': {
    access: 'user',
    request: (s) => ({ method: 'GET', path: `/v1/payments/${s.paymentId}` }),
  },
  // Alice's real MD without the state of her TermUrl: answered as an unknown MD (404), whoever calls.
  'POST /v1/payments/3ds/callback': {
    access: 'payer_browser',
    request: (s) => ({ method: 'POST', path: '/v1/payments/3ds/callback', form: { MD: s.transactionId, PaRes: 'x' } }),
  },
  'GET /v1/payments/3ds/callback': {
    access: 'payer_browser',
    request: (s) => ({ method: 'GET', path: `/v1/payments/3ds/callback?payment=${s.paymentId}` }),
  },
  // No reason: an admin gets 400 after authentication, so no refund workflow starts.
  'POST /v1/payments/{id}/refunds': {
    access: 'admin',
    idempotency: 'required',
    request: (s) => ({ method: 'POST', path: `/v1/payments/${s.paymentId}/refunds`, json: {}, headers: key }),
  },
  'GET /v1/refunds': { access: 'admin', request: () => ({ method: 'GET', path: '/v1/refunds' }) },
  'GET /v1/refunds/{id}': { access: 'admin', request: (s) => ({ method: 'GET', path: `/v1/refunds/${s.refundId}` }) },
  'POST /v1/refunds/{id}/approve': {
    access: 'admin',
    idempotency: 'optional',
    request: (s) => ({ method: 'POST', path: `/v1/refunds/${s.refundId}/approve`, json: {} }),
  },
  'POST /v1/refunds/{id}/reject': {
    access: 'admin',
    idempotency: 'optional',
    request: (s) => ({ method: 'POST', path: `/v1/refunds/${s.refundId}/reject`, json: {} }),
  },
  'POST /v1/admin/probes': {
    access: 'admin',
    request: () => ({ method: 'POST', path: '/v1/admin/probes' }),
    adminSkip: 'waits for a worker',
  },
  'GET /v1/admin/probes/{id}': {
    access: 'admin',
    request: () => ({ method: 'GET', path: '/v1/admin/probes/prb_none' }),
  },
  'GET /v1/admin/reconciliation/discrepancies': {
    access: 'admin',
    request: () => ({ method: 'GET', path: '/v1/admin/reconciliation/discrepancies' }),
  },
  'POST /v1/admin/reconciliation/run': {
    access: 'admin',
    request: () => ({ method: 'POST', path: '/v1/admin/reconciliation/run' }),
    adminSkip: 'starts a run that no worker executes',
  },
  'POST /v1/admin/reconciliation/discrepancies/{id}/resolve': {
    access: 'admin',
    request: () => ({
      method: 'POST',
      path: '/v1/admin/reconciliation/discrepancies/dis_none/resolve',
      json: { reason: 'matrix' },
    }),
  },
  // No reason: an admin gets 400 after authentication, so the workflow is not asked.
  'POST /v1/admin/subscriptions/{id}/cancel': {
    access: 'admin',
    idempotency: 'optional',
    request: (s) => ({ method: 'POST', path: `/v1/admin/subscriptions/${s.subscriptionId}/cancel`, json: {} }),
  },
  'POST /v1/admin/subscriptions/{id}/retry': {
    access: 'admin',
    idempotency: 'optional',
    request: (s) => ({ method: 'POST', path: `/v1/admin/subscriptions/${s.subscriptionId}/retry`, json: {} }),
  },
  // No rows: an admin gets 422 after authentication, so no job is stored. Idempotent per row's externalId, not per key.
  'POST /v1/admin/subscriptions/import': {
    access: 'admin',
    request: () => ({ method: 'POST', path: '/v1/admin/subscriptions/import', json: { items: [] } }),
  },
  'GET /v1/admin/subscriptions/import/{id}': {
    access: 'admin',
    request: () => ({ method: 'GET', path: '/v1/admin/subscriptions/import/imp_matrix' }),
  },
  'GET /v1/admin/audit': { access: 'admin', request: () => ({ method: 'GET', path: '/v1/admin/audit' }) },
  'GET /v1/admin/events': { access: 'admin', request: () => ({ method: 'GET', path: '/v1/admin/events' }) },
  'POST /v1/admin/events/{id}/redeliver': {
    access: 'admin',
    request: () => ({ method: 'POST', path: '/v1/admin/events/evt_none/redeliver' }),
  },
  'GET /v1/admin/dunning': { access: 'admin', request: () => ({ method: 'GET', path: '/v1/admin/dunning' }) },
  'GET /v1/admin/finance/summary': {
    access: 'admin',
    request: () => ({ method: 'GET', path: '/v1/admin/finance/summary' }),
  },
  'POST /webhooks/{acquirer}/{route}': {
    access: 'acquirer',
    request: (s) => ({ method: 'POST', path: '/webhooks/cloudpayments/pay', form: { InvoiceId: s.invoiceId } }),
  },
};
