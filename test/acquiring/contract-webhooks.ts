// Contract, part 3: notifications — verified (or, from an acquirer that does not sign, taken as a hint only),
// normalised into our actions, acknowledged in the acquirer's own terms.
import { describe, expect, it } from 'vitest';
import type { ContractHelpers } from './contract.js';
import type { ContractHarness } from './contract-harness.js';

export function webhookContract(setup: () => ContractHarness, { charge }: ContractHelpers) {
  describe('notifications', () => {
    async function paid() {
      const h = setup();
      const { input, result } = await charge(setup().cards.success);
      return { h, input, result };
    }

    it("a genuine notification of a captured payment verifies and normalises to payment_captured with our payment's ids and amount", async () => {
      const { h, input, result } = await paid();
      const verified = await h.provider.verifyNotification(await h.paymentNotification(result));
      expect(verified).toMatchObject({
        ok: true,
        authenticity: h.provider.capabilities.signedNotifications ? 'signed' : 'unsigned',
        notification: {
          action: 'payment_captured',
          providerTransactionId: result.providerTransactionId,
          invoiceId: input.invoiceId,
          amount: 29_900,
          currency: 'RUB',
          state: 'captured',
          paymentId: input.paymentId,
          dedupeKey: expect.any(String),
        },
      });
    });

    it('a forged notification is rejected as bad_signature by an acquirer that signs, and is only an unsigned hint from one that does not', async () => {
      const { h, result } = await paid();
      const forged = await h.provider.verifyNotification(h.forge(await h.paymentNotification(result)));
      if (h.provider.capabilities.signedNotifications) {
        expect(forged).toMatchObject({ ok: false, reason: 'bad_signature' });
      } else {
        expect(forged).toMatchObject({ ok: true, authenticity: 'unsigned' });
      }
    });

    it('every notification route is one the provider names, and a route it does not name is unknown_route', async () => {
      const { h, result } = await paid();
      expect(h.provider.notificationRoutes.length).toBeGreaterThan(0);
      const genuine = await h.paymentNotification(result);
      expect(h.provider.notificationRoutes).toContain(genuine.route);
      expect(await h.provider.verifyNotification({ ...genuine, route: 'no-such-route' })).toMatchObject({
        ok: false,
        reason: 'unknown_route',
      });
    });

    it("a taken notification is acknowledged with the acquirer's own 2xx reply", async () => {
      const { h, result } = await paid();
      const verified = await h.provider.verifyNotification(await h.paymentNotification(result));
      if (!verified.ok) throw new Error(verified.message);
      const reply = h.provider.acknowledgeNotification(verified.notification);
      expect(reply.status).toBeGreaterThanOrEqual(200);
      expect(reply.status).toBeLessThan(300);
    });
  });
}
