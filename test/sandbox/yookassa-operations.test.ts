// Holds, refunds, saved methods and lists of the YooKassa sandbox over real HTTP.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payByToken, rub, startYooKassaSandbox, type YooKassaTestSandbox } from './yookassa-support.js';

let sb: YooKassaTestSandbox;
beforeAll(async () => {
  sb = await startYooKassaSandbox();
});
afterAll(() => sb?.close());

const hold = async (card = '5555555555554444', extra: Record<string, unknown> = {}) =>
  (await payByToken(sb, card, { capture: false, ...extra })).json;

describe('YooKassa sandbox: capture and cancel', () => {
  it('a partial capture takes that amount and the payment succeeds; a second capture is a 400', async () => {
    const p = await hold();
    const captured = await sb.api('POST', `/payments/${p.id}/capture`, { amount: rub('300.00') });
    expect(captured.json).toMatchObject({
      status: 'succeeded',
      amount: rub('300.00'),
      captured_at: expect.any(String),
    });
    expect(captured.json.expires_at).toBeUndefined();
    const again = await sb.api('POST', `/payments/${p.id}/capture`, {});
    expect(again.status).toBe(400);
    expect(again.json.description).toBe('Payment can not be captured in current status');
  });

  it('capturing more than was held, or in another currency, is a 400 on the amount', async () => {
    const p = await hold();
    const more = await sb.api('POST', `/payments/${p.id}/capture`, { amount: rub('499.01') });
    expect(more.json).toMatchObject({ code: 'invalid_request', parameter: 'amount.value' });
    const usd = await sb.api('POST', `/payments/${p.id}/capture`, { amount: { value: '1.00', currency: 'USD' } });
    expect(usd.json).toMatchObject({ code: 'invalid_request', parameter: 'amount.currency' });
    expect((await sb.api('GET', `/payments/${p.id}`)).json.status).toBe('waiting_for_capture');
  });

  it('cancel of a hold → canceled by merchant (canceled_by_merchant); cancel of a succeeded payment is a 400', async () => {
    const p = await hold();
    const canceled = await sb.api('POST', `/payments/${p.id}/cancel`, {});
    expect(canceled.json).toMatchObject({
      status: 'canceled',
      cancellation_details: { party: 'merchant', reason: 'canceled_by_merchant' },
    });
    const paid = (await payByToken(sb, '5555555555554444')).json;
    const refused = await sb.api('POST', `/payments/${paid.id}/cancel`, {});
    expect(refused.status).toBe(400);
    expect(refused.json.description).toBe('Payment can not be canceled in current status');
  });

  it('an autocapture payment still pending cannot be canceled', async () => {
    const { json } = await payByToken(sb, '5555555555554477');
    const refused = await sb.api('POST', `/payments/${json.id}/cancel`, {});
    expect(refused.json.description).toBe('You can not cancel payment with autocapture');
  });
});

describe('YooKassa sandbox: refunds', () => {
  it('partial refunds up to the paid amount, then "already completely refunded"; the payment tracks refunded_amount', async () => {
    const p = (await payByToken(sb, '5555555555554444')).json;
    const first = await sb.api('POST', '/refunds', {
      payment_id: p.id,
      amount: rub('200.00'),
      description: 'downgrade',
    });
    expect(first.json).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f]{8}-0015-5000-/),
      payment_id: p.id,
      status: 'succeeded',
      amount: rub('200.00'),
      description: 'downgrade',
    });
    const exceeded = await sb.api('POST', '/refunds', { payment_id: p.id, amount: rub('299.01') });
    expect(exceeded.json).toMatchObject({ code: 'invalid_request', description: 'Refund sum exceeded' });
    await sb.api('POST', '/refunds', { payment_id: p.id, amount: rub('299.00') });
    const full = await sb.api('POST', '/refunds', { payment_id: p.id, amount: rub('1.00') });
    expect(full.json.description).toBe('Payment is already completely refunded');
    expect((await sb.api('GET', `/payments/${p.id}`)).json).toMatchObject({
      refunded_amount: rub('499.00'),
      refundable: false,
    });
    expect((await sb.api('GET', `/refunds/${first.json.id}`)).json).toEqual(first.json);
    const listed = await sb.api('GET', `/refunds?payment_id=${p.id}`);
    expect(listed.json.items.map((r: { amount: { value: string } }) => r.amount.value)).toEqual(['299.00', '200.00']);
  });

  it('refund-behavior makes the next refund end canceled (by yoo_money), leaving the payment refundable', async () => {
    const p = (await payByToken(sb, '5555555555554444')).json;
    await sb.control(`/payments/${p.id}/refund-behavior`, { reason: 'rejected_by_payee', times: 1 });
    const failed = (await sb.api('POST', '/refunds', { payment_id: p.id, amount: rub('10.00') })).json;
    expect(failed).toMatchObject({
      status: 'canceled',
      cancellation_details: { party: 'yoo_money', reason: 'rejected_by_payee' },
    });
    expect((await sb.api('GET', `/refunds/${failed.id}`)).json.status).toBe('canceled');
    expect((await sb.api('GET', `/payments/${p.id}`)).json.refunded_amount).toEqual(rub('0.00'));
    const next = (await sb.api('POST', '/refunds', { payment_id: p.id, amount: rub('10.00') })).json;
    expect(next.status).toBe('succeeded');
  });

  it('a hold, an unknown payment or another currency cannot be refunded (400)', async () => {
    const p = await hold();
    const onHold = await sb.api('POST', '/refunds', { payment_id: p.id, amount: rub('1.00') });
    expect(onHold.json.description).toBe('Payment can not be refunded in current status');
    const unknown = await sb.api('POST', '/refunds', { payment_id: randomUUID(), amount: rub('1.00') });
    expect(unknown.json).toMatchObject({ code: 'invalid_request', parameter: 'payment_id' });
    const paid = (await payByToken(sb, '5555555555554444')).json;
    const usd = await sb.api('POST', '/refunds', { payment_id: paid.id, amount: { value: '1.00', currency: 'USD' } });
    expect(usd.json.description).toBe('Currencies do not match');
  });

  it('a refund receipt is checked against the refund amount and kept in the ledger as received', async () => {
    const p = (await payByToken(sb, '5555555555554444')).json;
    const receipt = {
      customer: { phone: '79001234567' },
      items: [{ description: 'Movix Pro', quantity: 1, amount: rub('100.00'), vat_code: 1 }],
    };
    const bad = await sb.api('POST', '/refunds', { payment_id: p.id, amount: rub('99.00'), receipt });
    expect(bad.json).toMatchObject({ code: 'invalid_request', parameter: 'receipt' });
    const good = await sb.api('POST', '/refunds', { payment_id: p.id, amount: rub('100.00'), receipt });
    expect(good.json.receipt_registration).toBe('succeeded');
    expect((await sb.transactions()).find((t) => t.id === good.json.id).receipt).toEqual(receipt);
  });
});

describe('YooKassa sandbox: saved methods and merchant-initiated charges', () => {
  async function savedMethod() {
    const first = (await payByToken(sb, '5555555555554444', { save_payment_method: true })).json;
    expect(first.payment_method.saved).toBe(true);
    return first.payment_method.id as string;
  }
  const charge = (methodId: string) =>
    sb.api('POST', '/payments', { amount: rub('499.00'), capture: true, payment_method_id: methodId });

  it('a charge by payment_method_id finishes in the create call, without confirmation', async () => {
    const methodId = await savedMethod();
    const { json } = await charge(methodId);
    expect(json).toMatchObject({ status: 'succeeded', payment_method: { id: methodId, saved: true } });
    expect(json.confirmation).toBeUndefined();
  });

  it('a method from a payment that did not save it is "not saved" (400)', async () => {
    const p = (await payByToken(sb, '5555555555554444')).json;
    const answer = await charge(p.payment_method.id);
    expect(answer.json).toMatchObject({ code: 'invalid_request', description: 'Payment method is not saved' });
  });

  it('behavior insufficient_funds × 1 declines the next charge only', async () => {
    const methodId = await savedMethod();
    await sb.control(`/payment-methods/${methodId}/behavior`, { reason: 'insufficient_funds', times: 1 });
    expect((await charge(methodId)).json).toMatchObject({
      status: 'canceled',
      cancellation_details: { party: 'payment_network', reason: 'insufficient_funds' },
    });
    expect((await charge(methodId)).json.status).toBe('succeeded');
  });

  it('permission_revoked (by yoo_money) makes the method inactive until the behavior is reset', async () => {
    const methodId = await savedMethod();
    await sb.control(`/payment-methods/${methodId}/behavior`, { reason: 'permission_revoked', times: 1 });
    const revoked = (await charge(methodId)).json;
    expect(revoked.cancellation_details).toEqual({ party: 'yoo_money', reason: 'permission_revoked' });
    expect(revoked.payment_method.status).toBe('inactive');
    expect((await charge(methodId)).json.cancellation_details.reason).toBe('permission_revoked');
    await sb.control(`/payment-methods/${methodId}/behavior`, { reason: null });
    expect((await charge(methodId)).json.status).toBe('succeeded');
  });
});

describe('YooKassa sandbox: lists', () => {
  it('pages newest first with next_cursor until the last page; created_at and status filter', async () => {
    const own = await startYooKassaSandbox();
    try {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push((await payByToken(own, '5555555555554444')).json.id);
      await payByToken(own, '5555555555554600');
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const query = `/payments?status=succeeded&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const page = (await own.api('GET', query)).json;
        expect(page.type).toBe('list');
        seen.push(...page.items.map((p: { id: string }) => p.id));
        cursor = page.next_cursor;
      } while (cursor);
      expect(seen).toEqual([...ids].reverse());
      const future = new Date(Date.now() + 60_000).toISOString();
      expect((await own.api('GET', `/payments?created_at.gte=${future}`)).json.items).toEqual([]);
      expect((await own.api('GET', `/payments?limit=101`)).json).toMatchObject({ parameter: 'limit' });
      expect((await own.api('GET', `/payments?cursor=bm9wZQ`)).json).toMatchObject({ parameter: 'cursor' });
    } finally {
      await own.close();
    }
  });
});
