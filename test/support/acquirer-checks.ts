// What the two-acquirer tests read: each acquirer's books, a webhook route's answer, and the activity results the
// Temporal Web UI shows.
import type { PaymentProvider } from '../../acquiring/provider.js';
import { billingClient, type Json } from './billing-client.js';
import type { Harness } from './harness.js';

const ALL_TIME = () => ({ from: new Date(0), to: new Date(Date.now() + 60_000) });

export function acquirerChecks(h: Harness) {
  return {
    /** A subscription's payments as its owner reads them over the API. */
    payments: async (user: string, subscriptionId: string) =>
      (await billingClient(h).call('GET', `/v1/payments?subscriptionId=${subscriptionId}&limit=500`, user)).body
        .items as Json[],
    /** Everything an acquirer lists, of one kind. */
    listed: async (provider: PaymentProvider, kind?: 'payment' | 'refund') => {
      const listed = await provider.listTransactions(ALL_TIME());
      if (listed.status !== 'ok') throw new Error(`${provider.name} list: ${listed.status}`);
      return listed.items.filter((t) => kind === undefined || t.kind === kind);
    },
    /** A forged `pay` posted to an acquirer's route: its status and error code. */
    forgedPay: async (acquirer: string) => {
      const res = await fetch(`${h.apiUrl}/webhooks/${acquirer}/pay`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-hmac': 'forged' },
        body: 'TransactionId=1&Amount=10.00',
      });
      return { status: res.status, code: ((await res.json()) as Json).error?.code };
    },
    /** The results of a workflow's completed activities, as its history (and the Web UI) holds them. */
    activityResults: async (workflowId: string) => {
      const history = await h.client.workflow.getHandle(workflowId).fetchHistory();
      return (history.events ?? []).flatMap((e) => {
        const data = e.activityTaskCompletedEventAttributes?.result?.payloads?.[0]?.data;
        return data?.length ? [JSON.parse(Buffer.from(data).toString('utf8')) as Json] : [];
      });
    },
  };
}
