// The provider contract suite: every PaymentProvider must pass it. Each provider's test file supplies a
// harness that plays the payer, the ACS, the network and the acquirer's books.
import { randomUUID } from 'node:crypto';
import { describe, expect } from 'vitest';
import { type ContractHarness, RETURN_URL } from './contract-harness.js';
import { linkContract } from './contract-links.js';
import { operationContract } from './contract-operations.js';
import { paymentContract } from './contract-payments.js';
import { reconciliationContract } from './contract-reconciliation.js';
import { webhookContract } from './contract-webhooks.js';

/** Builders every part of the suite uses: fresh ids, a card charge, a saved token and a token charge. */
export function contractHelpers(setup: () => ContractHarness) {
  const ids = () => {
    const id = randomUUID();
    return {
      paymentId: `pay_${id}`,
      idempotencyKey: `key_${id}`,
      invoiceId: `inv_${id}`,
      accountId: `acc_${id}`,
      returnUrl: RETURN_URL,
    };
  };
  async function charge(card: string, extra: { amount?: number; capture?: boolean } = {}) {
    const h = setup();
    const input = {
      ...ids(),
      amount: extra.amount ?? 29_900,
      currency: 'RUB',
      cryptogram: await h.cryptogram(card),
      ipAddress: '127.0.0.1',
      capture: extra.capture,
    };
    return { input, result: await h.provider.chargeCard(input) };
  }

  async function tokenOf(card: string) {
    const { input, result } = await charge(card);
    expect(result.token).toEqual(expect.any(String));
    return { accountId: input.accountId, token: result.token ?? '' };
  }
  const tokenCharge = (h: ContractHarness, t: { accountId: string; token: string }) =>
    h.provider.chargeToken({
      ...ids(),
      accountId: t.accountId,
      token: t.token,
      amount: 29_900,
      currency: 'RUB',
      initiator: 'merchant',
      scheduled: true,
    });

  return { ids, charge, tokenOf, tokenCharge };
}
export type ContractHelpers = ReturnType<typeof contractHelpers>;

export function providerContract(name: string, setup: () => ContractHarness) {
  describe(`PaymentProvider contract: ${name}`, () => {
    paymentContract(setup, contractHelpers(setup));
    operationContract(setup, contractHelpers(setup));
    reconciliationContract(setup, contractHelpers(setup));
    linkContract(setup, contractHelpers(setup));
    webhookContract(setup, contractHelpers(setup));
  });
}
