// Contract, part 1: charges by card (with and without 3-D Secure) and by token.
import { expect, it } from 'vitest';
import type { AuthenticationChallenge, PaymentResult } from '../../acquiring/provider.js';
import type { ContractHelpers } from './contract.js';
import type { ContractHarness } from './contract-harness.js';

function challengeOf(result: PaymentResult): AuthenticationChallenge {
  if (!result.challenge) throw new Error(`no challenge in ${JSON.stringify(result)}`);
  return result.challenge;
}

export function paymentContract(setup: () => ContractHarness, { charge, tokenOf, tokenCharge }: ContractHelpers) {
  it('a card charge without 3-D Secure succeeds captured, with transaction id, token, last four and amount in minor units', async () => {
    const { input, result } = await charge(setup().cards.success, { amount: 12_345 });
    expect(result).toMatchObject({
      outcome: 'succeeded',
      state: 'captured',
      amount: 12_345,
      currency: 'RUB',
      cardLastFour: setup().cards.success.slice(-4),
      invoiceId: input.invoiceId,
    });
    expect(result.providerTransactionId).toEqual(expect.any(String));
    expect(result.token).toEqual(expect.any(String));
    expect(result.raw).toBeTruthy();
  });

  it('a 3-D Secure card requires action, and an approved challenge completes it as succeeded', async () => {
    const h = setup();
    const { input, result } = await charge(setup().cards.success3ds);
    expect(result.outcome).toBe('requires_action');
    expect(result.challenge).toMatchObject({ method: expect.stringMatching(/^(GET|POST)$/), url: expect.any(String) });
    const id = result.providerTransactionId ?? '';
    const done = await h.provider.completeAuthentication({
      paymentId: input.paymentId,
      idempotencyKey: `${input.idempotencyKey}:3ds`,
      providerTransactionId: id,
      continuation: await h.authenticate(challengeOf(result), 'success'),
    });
    expect(done).toMatchObject({
      outcome: 'succeeded',
      state: 'captured',
      providerTransactionId: id,
      cardLastFour: setup().cards.success3ds.slice(-4),
    });
  });

  it('a failed 3-D Secure challenge ends declined as an authentication failure (hard)', async () => {
    const h = setup();
    const { input, result } = await charge(setup().cards.success3ds);
    const done = await h.provider.completeAuthentication({
      paymentId: input.paymentId,
      idempotencyKey: `${input.idempotencyKey}:3ds`,
      providerTransactionId: result.providerTransactionId ?? '',
      continuation: await h.authenticate(challengeOf(result), 'fail'),
    });
    expect(done).toMatchObject({
      outcome: 'declined',
      state: 'declined',
      decline: { ...h.declines.authenticationFailed, class: 'hard' },
    });
  });

  it('an insufficient-funds card is declined as insufficient funds (soft), also after 3-D Secure where the acquirer has such a card', async () => {
    const h = setup();
    const plain = await charge(setup().cards.insufficient);
    expect(plain.result).toMatchObject({
      outcome: 'declined',
      decline: { ...h.declines.insufficientFunds, class: 'soft' },
    });
    const card3ds = setup().cards.insufficient3ds;
    if (!card3ds) return;
    const threeDs = await charge(card3ds);
    const done = await h.provider.completeAuthentication({
      ...threeDs.input,
      idempotencyKey: `${threeDs.input.idempotencyKey}:3ds`,
      providerTransactionId: threeDs.result.providerTransactionId ?? '',
      continuation: await h.authenticate(challengeOf(threeDs.result), 'success'),
    });
    expect(done).toMatchObject({ outcome: 'declined', decline: { ...h.declines.insufficientFunds, class: 'soft' } });
  });

  it('a merchant-initiated token charge succeeds captured with the same token', async () => {
    const h = setup();
    const t = await tokenOf(setup().cards.success);
    expect(await tokenCharge(h, t)).toMatchObject({
      outcome: 'succeeded',
      state: 'captured',
      token: t.token,
      amount: 29_900,
    });
  });

  it('a token charge on a card whose tokens lack funds is a soft insufficient-funds decline', async () => {
    const h = setup();
    const t = await tokenOf(setup().cards.tokenInsufficient);
    expect(await tokenCharge(h, t)).toMatchObject({
      outcome: 'declined',
      decline: { ...h.declines.insufficientFunds, class: 'soft' },
    });
  });

  it('a token forced to decline once gives a hard decline, then the next charge succeeds', async () => {
    const h = setup();
    const t = await tokenOf(setup().cards.success);
    await h.declineTokenCharges(t.token, 1);
    expect(await tokenCharge(h, t)).toMatchObject({
      outcome: 'declined',
      decline: { ...h.declines.hardTokenDecline, class: 'hard' },
    });
    expect((await tokenCharge(h, t)).outcome).toBe('succeeded');
  });
}
