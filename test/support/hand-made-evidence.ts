// Hand-made evidence for the invariant checker's own tests: a renewal paid once, written call by call, which each
// test then changes in one way.
import type { ActivityTraceEntry } from './activity-gates.js';
import type { Json } from './billing-client.js';
import type { Evidence } from './invariant-rules.js';

export const SUB = 'sub_1';
const plan = { id: 'monthly', amount: 1000 };
export const state = (over: Json = {}) => ({
  subscriptionId: SUB,
  status: 'active',
  plan,
  pendingPlan: null,
  cancelAtPeriodEnd: false,
  currentPeriodEnd: '2026-03-01T00:00:00.000Z',
  nextChargeAt: '2026-03-01T00:00:00.000Z',
  cancelReason: null,
  ...over,
});
export const rowOf = (s: Json) => ({
  ...s,
  planId: s.plan.id,
  pendingPlanId: null,
  currentPeriodEnd: new Date(s.currentPeriodEnd),
  nextChargeAt: s.nextChargeAt && new Date(s.nextChargeAt),
});

/** A trace written call by call; `start`/`end` for calls that overlap others. */
function traceBuilder() {
  const entries: ActivityTraceEntry[] = [];
  const push = (name: string, event: 'start' | 'end', input: Json, result?: Json) =>
    entries.push({ seq: entries.length + 1, name, event, attempt: 1, input, result });
  return {
    entries,
    start: (name: string, input: Json) => push(name, 'start', input),
    end: (name: string, input: Json, result?: Json) => push(name, 'end', input, result),
    call(name: string, input: Json, result?: Json) {
      push(name, 'start', input);
      push(name, 'end', input, result);
    },
    sync(transition: number, s: Json, invoice?: Json) {
      const input = { state: s, transition, events: [], invoice };
      push('syncSubscription', 'start', input);
      push('syncSubscription', 'end', input);
    },
  };
}

export const charge = (attempt = 1) => ({ subscriptionId: SUB, invoiceId: `inv_${SUB}_1`, attempt, amount: 1000 });
const renewalInvoice = { id: `inv_${SUB}_1`, kind: 'renewal', amount: 1000, status: 'paid' };
export const captured = (invoiceId = `inv_${SUB}_1`) => ({
  Kind: 'payment',
  Status: 'Completed',
  InvoiceId: invoiceId,
  Amount: 10,
});

/** A monthly renewal paid once: the base every case below changes one thing of. */
export function paidRenewal(): Evidence & { t: ReturnType<typeof traceBuilder> } {
  const t = traceBuilder();
  t.sync(1, state());
  t.call('chargeInvoice', charge(), { outcome: 'succeeded' });
  t.sync(2, state({ currentPeriodEnd: '2026-04-01T00:00:00.000Z', nextChargeAt: '2026-04-01T00:00:00.000Z' }), {
    id: renewalInvoice.id,
    status: 'paid',
  });
  const now = state({ currentPeriodEnd: '2026-04-01T00:00:00.000Z', nextChargeAt: '2026-04-01T00:00:00.000Z' });
  return {
    t,
    subscriptionId: SUB,
    trace: t.entries,
    ledger: [captured()],
    row: rowOf(now),
    invoices: [renewalInvoice],
    workflow: { status: 'RUNNING', state: now },
    answers: [],
  };
}
