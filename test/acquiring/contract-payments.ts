// Contract, part 1: charges by card (with and without 3-D Secure) and by token.
import { expect, it } from 'vitest';
import type { ContractHelpers } from './contract.js';
import { CARDS, CLOUDPAYMENTS_DECLINES, type ContractHarness } from './contract-harness.js';

export function paymentContract(setup: () => ContractHarness, { charge, tokenOf, tokenCharge }: ContractHelpers) {
  const declines = () => setup().declines ?? CLOUDPAYMENTS_DECLINES;
  const lastFour = (card: string) => (setup().cardNumber?.(card) ?? card).slice(-4);
  it('a card charge without 3-D Secure succeeds captured, with transaction id, token, last four and amount in minor units', async () => {
    const { input, result } = await charge(CARDS.success, { amount: 12_345 });
    expect(result).toMatchObject({
      outcome: 'succeeded',
      state: 'captured',
      amount: 12_345,
      currency: 'RUB',
      cardLastFour: lastFour(CARDS.success),
      invoiceId: input.invoiceId,
    });
    expect(result.providerTransactionId).toEqual(expect.any(String));
    expect(result.token).toEqual(expect.any(String));
    expect(result.raw).toBeTruthy();
  });

  it('a 3-D Secure card requires action, and an approved challenge completes it as succeeded', async () => {
    const h = setup();
    const { input, result } = await charge(CARDS.success3ds);
    expect(result.outcome).toBe('requires_action');
    expect(result.challenge).toMatchObject({
      acsUrl: expect.any(String),
      paReq: expect.any(String),
      md: result.providerTransactionId,
    });
    const id = result.providerTransactionId ?? '';
    const done = await h.provider.completeAuthentication({
      paymentId: input.paymentId,
      idempotencyKey: `${input.idempotencyKey}:3ds`,
      providerTransactionId: id,
      paRes: await h.paRes(id, 'success'),
    });
    expect(done).toMatchObject({
      outcome: 'succeeded',
      state: 'captured',
      providerTransactionId: id,
      cardLastFour: lastFour(CARDS.success3ds),
    });
  });

  it('a failed 3-D Secure challenge ends declined with the acquirer’s authentication-failed decline (hard)', async () => {
    const h = setup();
    const { input, result } = await charge(CARDS.success3ds);
    const id = result.providerTransactionId ?? '';
    const done = await h.provider.completeAuthentication({
      paymentId: input.paymentId,
      idempotencyKey: `${input.idempotencyKey}:3ds`,
      providerTransactionId: id,
      paRes: await h.paRes(id, 'fail'),
    });
    expect(done).toMatchObject({
      outcome: 'declined',
      state: 'declined',
      decline: declines().authenticationFailed,
    });
  });

  it('an insufficient-funds card is declined with the acquirer’s insufficient-funds decline (soft), also after 3-D Secure', async () => {
    const h = setup();
    const plain = await charge(CARDS.insufficient);
    expect(plain.result).toMatchObject({ outcome: 'declined', decline: declines().insufficientFunds });
    const threeDs = await charge(CARDS.insufficient3ds);
    const id = threeDs.result.providerTransactionId ?? '';
    const done = await h.provider.completeAuthentication({
      ...threeDs.input,
      idempotencyKey: `${threeDs.input.idempotencyKey}:3ds`,
      providerTransactionId: id,
      paRes: await h.paRes(id, 'success'),
    });
    expect(done).toMatchObject({ outcome: 'declined', decline: declines().insufficientFunds });
  });

  it('a merchant-initiated token charge succeeds captured with the same token', async () => {
    const h = setup();
    const t = await tokenOf(CARDS.success);
    expect(await tokenCharge(h, t)).toMatchObject({
      outcome: 'succeeded',
      state: 'captured',
      token: t.token,
      amount: 29_900,
    });
  });

  it('a token charge on a card whose tokens lack funds is the soft insufficient-funds decline', async () => {
    const h = setup();
    const t = await tokenOf(CARDS.tokenInsufficient);
    expect(await tokenCharge(h, t)).toMatchObject({ outcome: 'declined', decline: declines().insufficientFunds });
  });

  it('a token forced to decline (5005 DoNotHonor or the acquirer’s like) once gives a hard decline, then the next charge succeeds', async () => {
    const h = setup();
    const t = await tokenOf(CARDS.success);
    await h.setTokenBehavior(t.token, 5005, 1);
    expect(await tokenCharge(h, t)).toMatchObject({ outcome: 'declined', decline: declines().forcedHard });
    expect((await tokenCharge(h, t)).outcome).toBe('succeeded');
  });
}
