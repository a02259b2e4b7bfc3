// Contract, part 4: reading the acquirer's books — a period's transactions, and refunds whose answer was lost.
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import type { AcquirerTransaction } from '../../acquiring/provider.js';
import type { ContractHelpers } from './contract.js';
import type { ContractHarness } from './contract-harness.js';

const ISO_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

export function reconciliationContract(setup: () => ContractHarness, helpers: ContractHelpers) {
  const { ids, charge, tokenOf, tokenCharge } = helpers;
  const refund = (h: ContractHarness, payment: { paymentId: string; id: string }, amount: number, refundId: string) =>
    h.provider.refund({
      ...ids(),
      paymentId: payment.paymentId,
      refundId,
      providerTransactionId: payment.id,
      amount,
      currency: 'RUB',
    });
  async function listed(h: ContractHarness, from: Date, to: Date): Promise<AcquirerTransaction[]> {
    const result = await h.provider.listTransactions({ from, to });
    if (result.status !== 'ok') throw new Error(`listTransactions: ${JSON.stringify(result.failure)}`);
    return result.items;
  }

  it('listTransactions returns the payments (captured, held, declined) and the refund created in the window, with our ids', async () => {
    const h = setup();
    const from = new Date();
    const paid = await charge(setup().cards.success, { amount: 10_000 });
    const held = await charge(setup().cards.success, { amount: 5_000, capture: false });
    const declined = await charge(setup().cards.insufficient);
    const refundId = `ref_${randomUUID()}`;
    const paidId = paid.result.providerTransactionId ?? '';
    const refunded = await refund(h, { paymentId: paid.input.paymentId, id: paidId }, 4_000, refundId);
    const items = await listed(h, from, new Date());
    const byId = (id: string | undefined) => items.find((t) => t.providerTransactionId === id);
    expect(byId(paidId)).toMatchObject({
      kind: 'payment',
      paymentId: paid.input.paymentId,
      invoiceId: paid.input.invoiceId,
      accountId: paid.input.accountId,
      state: 'captured',
      amount: 10_000,
      currency: 'RUB',
    });
    expect(byId(refunded.providerTransactionId)).toMatchObject({
      kind: 'refund',
      paymentTransactionId: paidId,
      paymentId: refundId,
      invoiceId: paid.input.invoiceId,
      state: 'captured',
      amount: 4_000,
      currency: 'RUB',
    });
    expect(byId(held.result.providerTransactionId)).toMatchObject({
      kind: 'payment',
      state: 'authorized',
      amount: 5_000,
    });
    expect(byId(declined.result.providerTransactionId)).toMatchObject({ kind: 'payment', state: 'declined' });
    for (const item of items) {
      expect(item.createdAt).toMatch(ISO_UTC);
      expect(Date.parse(item.createdAt)).toBeGreaterThanOrEqual(from.getTime());
      expect(item.raw).toBeTruthy();
    }
  });

  it('listTransactions bounds are inclusive to the millisecond and leave out what lies outside', async () => {
    const h = setup();
    const { result } = await charge(setup().cards.success);
    const id = result.providerTransactionId;
    const around = await listed(h, new Date(Date.now() - 60_000), new Date());
    const at = Date.parse(around.find((t) => t.providerTransactionId === id)?.createdAt ?? 'missing');
    expect(at).not.toBeNaN();
    const has = async (from: number, to: number) =>
      (await listed(h, new Date(from), new Date(to))).some((t) => t.providerTransactionId === id);
    expect(await has(at, at)).toBe(true);
    expect(await has(at + 1, at + 60_000)).toBe(false);
    expect(await has(at - 60_000, at - 1)).toBe(false);
  });

  it('listTransactions returns every one of more than 100 transactions in a window exactly once', async () => {
    const h = setup();
    // The window starts a millisecond after anything an earlier test made (bounds are inclusive to the millisecond).
    const from = new Date(Date.now() + 1);
    while (Date.now() < from.getTime()) await new Promise((resolve) => setImmediate(resolve));
    const token = await tokenOf(setup().cards.success);
    const expected = new Set<string>();
    for (let i = 0; i < 104; i++) expected.add((await tokenCharge(h, token)).providerTransactionId ?? '');
    const items = await listed(h, from, new Date());
    const got = items.map((t) => t.providerTransactionId);
    expect(new Set(got).size).toBe(got.length);
    expect(got.length).toBe(105); // the charge that saved the token, and 104 token charges
    for (const id of expected) expect(got).toContain(id);
  });

  it('findRefund finds each refund of a payment by our refund id, with the refund’s own transaction id', async () => {
    const h = setup();
    const { input, result } = await charge(setup().cards.success, { amount: 10_000 });
    const payment = { paymentId: input.paymentId, id: result.providerTransactionId ?? '' };
    const [first, second] = [`ref_${randomUUID()}`, `ref_${randomUUID()}`];
    const r1 = await refund(h, payment, 3_000, first);
    const r2 = await refund(h, payment, 2_000, second);
    for (const [refundId, r, amount] of [
      [first, r1, 3_000],
      [second, r2, 2_000],
    ] as const) {
      expect(await h.provider.findRefund({ paymentTransactionId: payment.id, refundId })).toMatchObject({
        status: 'found',
        payment: {
          outcome: 'succeeded',
          providerTransactionId: r.providerTransactionId,
          paymentId: refundId,
          amount,
          currency: 'RUB',
          invoiceId: input.invoiceId,
        },
      });
    }
  });

  it('findRefund is not_found for an unknown refund id, another payment’s refund, or an unknown payment', async () => {
    const h = setup();
    const a = await charge(setup().cards.success, { amount: 10_000 });
    const b = await charge(setup().cards.success, { amount: 10_000 });
    const refundId = `ref_${randomUUID()}`;
    const aId = a.result.providerTransactionId ?? '';
    expect((await refund(h, { paymentId: a.input.paymentId, id: aId }, 1_000, refundId)).outcome).toBe('succeeded');
    const find = (paymentTransactionId: string, id: string) =>
      h.provider.findRefund({ paymentTransactionId, refundId: id });
    expect((await find(aId, `ref_${randomUUID()}`)).status).toBe('not_found');
    expect((await find(b.result.providerTransactionId ?? '', refundId)).status).toBe('not_found');
    expect((await find('1', refundId)).status).toBe('not_found');
    expect((await find(aId, refundId)).status).toBe('found');
  });

  it('a refund whose answer was lost (timeout) is found by findRefund, and a retry with the same key refunds nothing more', async () => {
    const h = setup();
    const { input, result } = await charge(setup().cards.success, { amount: 10_000 });
    const refundInput = {
      ...ids(),
      paymentId: input.paymentId,
      refundId: `ref_${randomUUID()}`,
      providerTransactionId: result.providerTransactionId ?? '',
      amount: 4_000,
      currency: 'RUB',
    };
    await h.injectFault('timeout');
    const lost = await h.provider.refund(refundInput);
    await h.clearFaults();
    expect(lost).toMatchObject({ outcome: 'unknown', failure: { kind: 'timeout' } });
    const found = await h.provider.findRefund({
      paymentTransactionId: refundInput.providerTransactionId,
      refundId: refundInput.refundId,
    });
    expect(found).toMatchObject({ status: 'found', payment: { paymentId: refundInput.refundId, amount: 4_000 } });
    const refundTxId = found.status === 'found' ? found.payment.providerTransactionId : undefined;
    expect(refundTxId).toEqual(expect.any(String));
    expect(refundTxId).not.toBe(refundInput.providerTransactionId);
    const retried = await h.provider.refund(refundInput);
    expect(retried).toMatchObject({ outcome: 'succeeded', providerTransactionId: refundTxId });
    expect(await h.ledgerEntries(input.invoiceId)).toBe(2);
  });

  for (const fault of ['server_error', 'timeout'] as const) {
    it(`listTransactions and findRefund answer unavailable with a ${fault} failure, never an empty list or not_found`, async () => {
      const h = setup();
      const { result } = await charge(setup().cards.success);
      const paymentTransactionId = result.providerTransactionId ?? '';
      await h.injectFault(fault);
      const list = await h.provider.listTransactions({ from: new Date(Date.now() - 60_000), to: new Date() });
      const find = await h.provider.findRefund({ paymentTransactionId, refundId: 'ref_any' });
      await h.clearFaults();
      expect(list).toMatchObject({ status: 'unavailable', failure: { kind: fault } });
      expect(find).toMatchObject({ status: 'unavailable', failure: { kind: fault } });
    });
  }
}
