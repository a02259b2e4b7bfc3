// What Movix users do during the run: subscribe to the one-minute plan and pay (by cryptogram or on the hosted
// page), and now and then cancel with a prorated refund, cancel at the period end or move to a dearer plan.
import type { ApiClient, Json, SandboxClient } from './clients.js';
import type { Random } from './random.js';

export const DEMO_PLAN = 'demo-minute';
/** A second one-minute plan at twice the price, so a plan change charges a proration. */
export const DEARER_PLAN = 'chaos-minute-plus';
const CARD = '4000000000003055';

export interface Traffic {
  subscriptionIds: string[];
  /** What the users did, by kind, for the summary. */
  actions: Record<string, number>;
  failures: string[];
}

export async function createDearerPlan(api: ApiClient) {
  const res = await api.call('POST', '/v1/plans', 'admin-chaos', {
    id: DEARER_PLAN,
    name: 'Chaos (one minute, dearer)',
    amount: 2000,
    currency: 'RUB',
    period: { unit: 'minute', count: 1 },
    dunningScheduleSeconds: [10, 20, 30],
  });
  if (res.status !== 201 && res.status !== 409) throw new Error(`plan: HTTP ${res.status} ${JSON.stringify(res.body)}`);
}

export function createTraffic(api: ApiClient, sandbox: SandboxClient, random: Random, runId: string) {
  const traffic: Traffic = { subscriptionIds: [], actions: {}, failures: [] };
  const count = (action: string) => {
    traffic.actions[action] = (traffic.actions[action] ?? 0) + 1;
  };
  const userOf = (index: number) => `chaos-${runId}-u${index}`;
  const owners = new Map<string, string>();

  async function subscribe(index: number) {
    const user = userOf(index);
    const byCryptogram = random.chance(0.5);
    const payment = byCryptogram
      ? { method: 'card_cryptogram', cryptogram: await sandbox.cryptogram(CARD), ipAddress: '127.0.0.1' }
      : { method: 'payment_link' };
    const res = await api.call('POST', '/v1/subscriptions', user, { planId: DEMO_PLAN, payment });
    if (res.status !== 201) {
      traffic.failures.push(`subscribe ${user}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
      return;
    }
    const id: string = res.body.subscription.id;
    traffic.subscriptionIds.push(id);
    owners.set(id, user);
    count(byCryptogram ? 'subscribe-cryptogram' : 'subscribe-payment-link');
    const url: string | undefined = res.body.checkout?.paymentUrl;
    if (!byCryptogram && url) await sandbox.payOrder(url.split('/d/')[1] as string, CARD);
  }

  /** One user action on a random subscription; actions that the state refuses (409/422) are fine. */
  async function act() {
    if (traffic.subscriptionIds.length === 0) return;
    const id = random.pick(traffic.subscriptionIds);
    const user = owners.get(id) as string;
    const roll = random.next();
    let res: { status: number; body: Json };
    let action: string;
    if (roll < 0.4) {
      action = 'cancel-prorated';
      res = await api.call('POST', `/v1/subscriptions/${id}/cancel`, user, { mode: 'immediately', refund: 'prorated' });
    } else if (roll < 0.6) {
      action = 'cancel-at-period-end';
      res = await api.call('POST', `/v1/subscriptions/${id}/cancel`, user, { mode: 'at_period_end' });
    } else {
      action = 'change-plan';
      res = await api.call('POST', `/v1/subscriptions/${id}/change-plan`, user, { planId: DEARER_PLAN });
    }
    count(res.status < 300 ? action : `${action}-refused-${res.status}`);
    if (res.status === 0 || res.status >= 500) traffic.failures.push(`${action} ${id}: HTTP ${res.status}`);
  }

  return { traffic, subscribe, act };
}
