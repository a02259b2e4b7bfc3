// Contract, part 2: refunds, holds, lookups, idempotency and lost answers.
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import type { ContractHelpers } from './contract.js';
import type { ContractHarness } from './contract-harness.js';
import { waitFor } from './support/wait.js';

export function operationContract(setup: () => ContractHarness, { ids, charge }: ContractHelpers) {
  it('refunds: a partial and then the remaining amount succeed with their own ids; one more unit is refused', async () => {
    const h = setup();
    const { input, result } = await charge(setup().cards.success, { amount: 10_000 });
    const refund = (amount: number) =>
      h.provider.refund({
        ...ids(),
        paymentId: input.paymentId,
        refundId: `ref_${randomUUID()}`,
        providerTransactionId: result.providerTransactionId ?? '',
        amount,
        currency: 'RUB',
      });
    const partial = await refund(3_000);
    const rest = await refund(7_000);
    expect(partial.outcome).toBe('succeeded');
    expect(rest.outcome).toBe('succeeded');
    expect(partial.providerTransactionId).toEqual(expect.any(String));
    expect(
      new Set([partial.providerTransactionId, rest.providerTransactionId, result.providerTransactionId]).size,
    ).toBe(3);
    const over = await refund(1);
    expect(over).toMatchObject({ outcome: 'declined', decline: { code: 'request_rejected', class: 'hard' } });
  });

  it('a refund larger than the captured amount is refused and nothing is refunded', async () => {
    const h = setup();
    const { input, result } = await charge(setup().cards.success, { amount: 5_000 });
    const over = await h.provider.refund({
      ...ids(),
      paymentId: input.paymentId,
      refundId: 'r1',
      providerTransactionId: result.providerTransactionId ?? '',
      amount: 5_001,
      currency: 'RUB',
    });
    expect(over.outcome).toBe('declined');
    expect(await h.ledgerEntries(input.invoiceId)).toBe(1);
  });

  it('a hold (capture: false) is authorized, can be voided, and then reads back as cancelled and voided, not paid', async () => {
    const h = setup();
    const { input, result } = await charge(setup().cards.success, { capture: false });
    expect(result).toMatchObject({ outcome: 'succeeded', state: 'authorized' });
    const id = result.providerTransactionId ?? '';
    const voided = await h.provider.void({
      paymentId: input.paymentId,
      idempotencyKey: `${input.idempotencyKey}:void`,
      providerTransactionId: id,
    });
    expect(voided.outcome).toBe('succeeded');
    const found = await h.provider.getPayment(id);
    expect(found).toMatchObject({ status: 'found', payment: { state: 'cancelled', outcome: 'voided' } });
    // The invoice's lookup says the same: a voided hold is never mistaken for its payment.
    const byInvoice = await h.provider.findByInvoice(input.invoiceId);
    expect(byInvoice).toMatchObject({
      status: 'found',
      payment: { outcome: 'voided', providerTransactionId: id, paymentId: input.paymentId },
    });
  });

  it('a hold can be captured for less than authorised, and then reads back as captured', async () => {
    const h = setup();
    const { input, result } = await charge(setup().cards.success, { capture: false, amount: 10_000 });
    const id = result.providerTransactionId ?? '';
    const captured = await h.provider.capture({
      ...input,
      idempotencyKey: `${input.idempotencyKey}:capture`,
      providerTransactionId: id,
      amount: 8_000,
    });
    expect(captured.outcome).toBe('succeeded');
    expect(await h.provider.getPayment(id)).toMatchObject({
      status: 'found',
      payment: { state: 'captured', amount: 8_000 },
    });
  });

  it('findByInvoice returns the latest payment of the invoice with our payment id, and not_found for an unknown invoice', async () => {
    const h = setup();
    const { input, result } = await charge(setup().cards.success);
    expect(await h.provider.findByInvoice(input.invoiceId)).toMatchObject({
      status: 'found',
      payment: {
        providerTransactionId: result.providerTransactionId,
        outcome: 'succeeded',
        paymentId: input.paymentId,
      },
    });
    expect((await h.provider.findByInvoice(`missing_${randomUUID()}`)).status).toBe('not_found');
  });

  it('the same idempotency key twice gives an identical answer and one ledger entry', async () => {
    const h = setup();
    const input = {
      ...ids(),
      amount: 29_900,
      currency: 'RUB',
      cryptogram: await h.cryptogram(setup().cards.success),
      ipAddress: '127.0.0.1',
    };
    const first = await h.provider.chargeCard(input);
    const second = await h.provider.chargeCard(input);
    expect(second).toEqual(first);
    expect(await h.ledgerEntries(input.invoiceId)).toBe(1);
  });

  it('a lost answer (timeout) is unknown, a later lookup settles it as succeeded, and a retry with the same key charges nothing new', async () => {
    const h = setup();
    const input = {
      ...ids(),
      amount: 29_900,
      currency: 'RUB',
      cryptogram: await h.cryptogram(setup().cards.success),
      ipAddress: '127.0.0.1',
    };
    await h.injectFault('timeout');
    const lost = await h.provider.chargeCard(input);
    await h.clearFaults();
    expect(lost).toMatchObject({ outcome: 'unknown', failure: { kind: 'timeout' } });
    expect(lost.decline).toBeUndefined();
    const settled = await waitFor(async () => {
      const found = await h.provider.findByInvoice(input.invoiceId);
      return found.status === 'found' ? found : undefined;
    }, 'the lost payment to be found');
    expect(settled.payment).toMatchObject({ outcome: 'succeeded', state: 'captured', amount: 29_900 });
    const retried = await h.provider.chargeCard(input);
    expect(retried.providerTransactionId).toBe(settled.payment.providerTransactionId);
    expect(await h.ledgerEntries(input.invoiceId)).toBe(1);
  });

  it('HTTP 5xx gives unknown and HTTP 429 gives not_sent, never a decline, and neither creates a ledger entry', async () => {
    const h = setup();
    const input = {
      ...ids(),
      amount: 29_900,
      currency: 'RUB',
      cryptogram: await h.cryptogram(setup().cards.success),
      ipAddress: '127.0.0.1',
    };
    await h.injectFault('server_error');
    const failed = await h.provider.chargeCard(input);
    await h.injectFault('rate_limited');
    const limited = await h.provider.chargeCard(input);
    const token = await h.provider.chargeToken({
      ...ids(),
      accountId: 'a',
      token: 't',
      amount: 100,
      currency: 'RUB',
      initiator: 'merchant',
      scheduled: true,
    });
    await h.clearFaults();
    expect(failed).toMatchObject({ outcome: 'unknown', failure: { kind: 'server_error', retryable: true } });
    expect(limited).toMatchObject({ outcome: 'not_sent', failure: { kind: 'rate_limited', retryable: true } });
    expect(token.outcome).toBe('not_sent');
    for (const r of [failed, limited, token]) expect(r.decline).toBeUndefined();
    expect(await h.ledgerEntries(input.invoiceId)).toBe(0);
    expect((await h.provider.chargeCard(input)).outcome).toBe('succeeded');
  });
}
