// The race tests' invariant checker, on hand-made evidence: a clean renewal passes, and each violation is named.
import { describe, expect, it } from 'vitest';
import type { Json } from '../support/billing-client.js';
import { captured, charge, paidRenewal, rowOf, SUB, state } from '../support/hand-made-evidence.js';
import { type Evidence, invariantViolations } from '../support/invariant-rules.js';

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
    e.t.call('createPaymentLink', link, { linkId: 'ord_1', url: 'https://pay/ord_1' });
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
