import { MAX_AUDIT_ENTITIES } from '../api/routes/admin/routes.js';
import type { InProcessApi, Json } from './in-process-api.js';

/** Everything the admin API knows about one customer, read with the operator's token. */
export interface CustomerRecord {
  userId: string;
  subscriptions: Json[];
  invoices: Json[];
  payments: Json[];
  refunds: Json[];
  events: Json[];
  audit: Json[];
  discrepancies: Json[];
}

const enc = encodeURIComponent;
const PAGE = 'limit=200';

export async function readCustomer(api: InProcessApi, userId: string): Promise<CustomerRecord> {
  const subscriptions: Json[] = (await api.get(`/v1/subscriptions?userId=${enc(userId)}&${PAGE}`)).items;
  const payments: Json[] = (await api.get(`/v1/payments?userId=${enc(userId)}&${PAGE}`)).items;
  const perSubscription = await Promise.all(
    subscriptions.map(async (s) => ({
      invoices: (await api.get(`/v1/subscriptions/${enc(s.id)}/invoices?${PAGE}`)).items as Json[],
      refunds: (await api.get(`/v1/refunds?subscriptionId=${enc(s.id)}&${PAGE}`)).items as Json[],
      events: (await api.get(`/v1/admin/events?subscriptionId=${enc(s.id)}&${PAGE}`)).items as Json[],
    })),
  );
  const refunds = perSubscription.flatMap((p) => p.refunds);
  const events = perSubscription.flatMap((p) => p.events);
  const audit = await auditOf(api, { subscription: subscriptions, refund: refunds, event: events });
  // Discrepancies have no customer filter: the open ones are few, and those about this customer's payments matter.
  const paymentIds = new Set(payments.map((p) => p.id));
  const transactionIds = new Set(payments.map((p) => p.providerTransactionId).filter(Boolean));
  // A refund made at the acquirer alone names only its payment's transaction, not our payment.
  const concerns = (d: Json) =>
    (d.paymentId && paymentIds.has(d.paymentId)) ||
    (d.acquirer?.paymentTransactionId && transactionIds.has(String(d.acquirer.paymentTransactionId)));
  const open: Json[] = (await api.get(`/v1/admin/reconciliation/discrepancies?resolved=false&limit=500`)).items;
  return {
    userId,
    subscriptions,
    payments,
    refunds,
    invoices: perSubscription.flatMap((p) => p.invoices),
    events,
    audit,
    discrepancies: open.filter(concerns),
  };
}

/** What the audit log says of these entities, by type (the log's index is type then id), 100 ids per read. */
async function auditOf(api: InProcessApi, byType: Record<string, Json[]>): Promise<Json[]> {
  const reads: Promise<Json[]>[] = [];
  for (const [type, entities] of Object.entries(byType)) {
    for (let i = 0; i < entities.length; i += MAX_AUDIT_ENTITIES) {
      const ids = entities.slice(i, i + MAX_AUDIT_ENTITIES).map((e) => `&entityId=${enc(e.id)}`);
      reads.push(api.get(`/v1/admin/audit?entityType=${type}${ids.join('')}&${PAGE}`).then((page) => page.items));
    }
  }
  const entries = (await Promise.all(reads)).flat();
  return entries.sort((a, b) => Number(b.id) - Number(a.id)).slice(0, 200);
}
