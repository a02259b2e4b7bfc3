// The race tests' invariant checker, on hand-made evidence: a clean renewal passes, and each violation is named.
import { describe, expect, it } from 'vitest';
import type { ActivityTraceEntry } from '../support/activity-gates.js';
import type { Json } from '../support/billing-client.js';
import { type Evidence, invariantViolations } from '../support/invariant-rules.js';

const SUB = 'sub_1';
const plan = { id: 'monthly', amount: 1000 };
const state = (over: Json = {}) => ({
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
const rowOf = (s: Json) => ({
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

const charge = (attempt = 1) => ({ subscriptionId: SUB, invoiceId: `inv_${SUB}_1`, attempt, amount: 1000 });
const renewalInvoice = { id: `inv_${SUB}_1`, kind: 'renewal', amount: 1000, status: 'paid' };
const captured = (invoiceId = `inv_${SUB}_1`) => ({
  Kind: 'payment',
  Status: 'Completed',
  InvoiceId: invoiceId,
  Amount: 10,
});

/** A monthly renewal paid once: the base every case below changes one thing of. */
function paidRenewal(): Evidence & { t: ReturnType<typeof traceBuilder> } {
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

const only = (e: Evidence, prefix: string) => invariantViolations(e).filter((v) => v.startsWith(prefix));

describe('invariant rules over hand-made evidence', () => {
  it('a renewal charged once and persisted in order breaks no invariant', () => {
    expect(invariantViolations(paidRenewal())).toEqual([]);
  });

  it('(a) a charge after a sync that persisted canceled, or after a cancel answered 200, is named; a 409 is not', () => {
    const e = paidRenewal();
    e.t.sync(3, state({ status: 'canceled', cancelReason: 'user' }));
    e.answers = [
      { kind: 'cancel_now', what: 'cancel immediately', status: 200, at: e.t.entries.length },
      { kind: 'cancel_now', what: 'refused cancel', status: 409, at: 0 },
    ];
    e.t.call('chargeInvoice', { ...charge(), invoiceId: `inv_${SUB}_2` });
    expect(only(e, '(a)')).toEqual([
      `(a) chargeInvoice of inv_${SUB}_2 (attempt 1, #9) started after transition 3 persisted canceled`,
      `(a) chargeInvoice of inv_${SUB}_2 (attempt 1, #9) started after "cancel immediately" was accepted`,
    ]);
  });

  it('(a) a cancel at period end withdrawn by an accepted resume no longer forbids a charge', () => {
    const e = paidRenewal();
    e.answers = [
      { kind: 'cancel_at_period_end', what: 'cancel at period end', status: 200, at: 1 },
      { kind: 'resume', what: 'resume', status: 200, at: 2 },
    ];
    expect(only(e, '(a)')).toEqual([]);
  });

  it('(b) a charge that starts while another is in flight is named', () => {
    const e = paidRenewal();
    const upgrade = { ...charge(), invoiceId: `inv_${SUB}_upgrade_1` };
    e.t.start('chargeInvoice', upgrade);
    e.t.call('chargeInvoice', { ...charge(), invoiceId: `inv_${SUB}_2` });
    e.t.end('chargeInvoice', upgrade);
    expect(only(e, '(b)')).toEqual([
      `(b) chargeInvoice of inv_${SUB}_2 (attempt 1, #8) started while chargeInvoice of inv_${SUB}_upgrade_1 (attempt 1, #7) was in flight`,
    ]);
  });

  it('(c) a renewal paid into a plan at another price than its invoice is named', () => {
    const e = paidRenewal();
    const sync = e.t.entries.find((x) => x.seq === 5)?.input as Json;
    sync.state = { ...sync.state, plan: { id: 'premium', amount: 2000 } };
    expect(only(e, '(c)')).toEqual([`(c) renewal inv_${SUB}_1 costs 1000, but it was paid into plan premium at 2000`]);
  });

  it('(d) ending unpaid with a payment link never looked up is named, and so is a capture of the unpaid invoice', () => {
    const e = paidRenewal();
    const link = { subscriptionId: SUB, invoiceId: `inv_${SUB}_2` };
    e.t.call('createPaymentLink', link, { orderId: 'ord_1', url: 'https://pay/ord_1' });
    e.t.sync(3, state({ status: 'canceled', cancelReason: 'payment_failed' }), {
      id: link.invoiceId,
      status: 'uncollectible',
    });
    e.ledger.push(captured(link.invoiceId));
    expect(only(e, '(d)')).toEqual([
      `(d) link ord_1 of inv_${SUB}_2 was neither looked up nor cancelled before the unpaid end`,
      `(d) ended for non-payment, but the acquirer captured inv_${SUB}_2`,
    ]);
    e.t.entries.splice(8, 0, { seq: 8.5, name: 'findInvoicePayment', event: 'start', attempt: 1, input: link });
    expect(only(e, '(d) link')).toEqual([]);
  });

  it('(e) a row showing an older transition than the newest persisted one is named', () => {
    const e = paidRenewal();
    e.row = rowOf(state());
    expect(only(e, '(e)')).toHaveLength(2);
    expect(only(e, '(e)')[0]).toContain("is not transition 2's");
  });

  it('(f) a closed workflow leaving its row pending_payment and its checkout open is named', () => {
    const e = paidRenewal();
    e.workflow = { status: 'FAILED', state: undefined };
    e.row = { ...e.row, status: 'pending_payment' };
    e.invoices = [{ id: `inv_${SUB}_0`, kind: 'initial', amount: 1000, status: 'open' }];
    expect(only(e, '(f)')).toEqual([
      '(f) the workflow is FAILED but the row is pending_payment: a later subscribe is blocked',
      `(f) the workflow is FAILED but checkout inv_${SUB}_0 is open`,
    ]);
  });

  it('an invoice the acquirer captured twice is named', () => {
    const e = paidRenewal();
    e.ledger.push(captured());
    expect(only(e, 'ledger')).toEqual([`ledger: inv_${SUB}_1 captured 2 times`]);
  });
});
