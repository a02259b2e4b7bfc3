// The bench's Movix client: a plan made through the admin API, a token per user, and a checkout by card cryptogram
// (the sandbox's test card that pays without 3-D Secure) timed from request to answer.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Config } from '../../config/config.js';
import { createCryptogram } from '../../sandbox/cryptogram.js';
import { mintToken } from '../lib/mint-token.js';

const CARD_WITHOUT_3DS = '4000000000003055';

export interface CheckoutResult {
  startMs: number;
  endMs: number;
  status: number;
  subscriptionStatus: string | undefined;
  subscriptionId: string | undefined;
}

export interface CheckoutClient {
  planId: string;
  /** A token per user, minted before timing starts (signing is the client's cost, not ours). */
  tokensFor(users: readonly string[]): Promise<Map<string, string>>;
  checkout(token: string): Promise<CheckoutResult>;
}

export async function createCheckoutClient(config: Config, apiUrl: string): Promise<CheckoutClient> {
  const admin = await mintToken(config.auth, { sub: 'admin-bench', admin: true });
  // Letters and a few hex digits: no digit run the API could take for a card number.
  const planId = `bench-checkout-${randomBytes(3).toString('hex')}`;
  const created = await fetch(`${apiUrl}/v1/plans`, {
    method: 'POST',
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      id: planId,
      name: 'Bench checkout, monthly',
      amount: 49_900,
      currency: 'RUB',
      period: { unit: 'month', count: 1 },
      dunningScheduleSeconds: [86_400, 259_200],
    }),
  });
  if (created.status !== 201) throw new Error(`plan creation: HTTP ${created.status} ${await created.text()}`);

  return {
    planId,
    tokensFor: async (users) =>
      new Map(await Promise.all(users.map(async (sub) => [sub, await mintToken(config.auth, { sub })] as const))),
    async checkout(token) {
      const made = createCryptogram({ cardNumber: CARD_WITHOUT_3DS, expMonth: 12, expYear: 2030, cvv: '123' });
      if (!('packet' in made)) throw new Error(`cryptogram: ${JSON.stringify(made.errors)}`);
      const body = JSON.stringify({
        planId,
        payment: { method: 'card_cryptogram', cryptogram: made.packet, ipAddress: '203.0.113.7' },
      });
      const startMs = performance.now();
      const response = await fetch(`${apiUrl}/v1/subscriptions`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'idempotency-key': randomUUID(),
        },
        body,
      });
      const answer = (await response.json()) as { subscription?: { id?: string; status?: string } };
      const endMs = performance.now();
      return {
        startMs,
        endMs,
        status: response.status,
        subscriptionStatus: answer.subscription?.status,
        subscriptionId: answer.subscription?.id,
      };
    },
  };
}
