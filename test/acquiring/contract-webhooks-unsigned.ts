// Contract, part 3 for acquirers that do not sign notifications (YooKassa): a notification is parsed and
// normalised, but it is only a hint — a lookup at the acquirer is what confirms or refutes it.
import { describe, expect, it } from 'vitest';
import type { ContractHelpers } from './contract.js';
import { CARDS, type ContractHarness } from './contract-harness.js';

export function unsignedNotificationContract(setup: () => ContractHarness, { charge }: ContractHelpers) {
  describe('unsigned notifications', () => {
    it('a genuine notification normalises to our payment, and a lookup by its transaction id confirms it', async () => {
      const h = setup();
      const { input, result } = await charge(CARDS.success);
      const verified = await h.provider.verifyWebhook(await h.payNotification(result, 'json'));
      expect(verified).toMatchObject({
        ok: true,
        event: {
          kind: 'pay',
          providerTransactionId: result.providerTransactionId,
          invoiceId: input.invoiceId,
          paymentId: input.paymentId,
          amount: 29_900,
          state: 'captured',
        },
      });
      if (!verified.ok) return;
      expect(await h.provider.getPayment(verified.event.providerTransactionId)).toMatchObject({
        status: 'found',
        payment: { state: 'captured', amount: 29_900, paymentId: input.paymentId },
      });
      expect(h.provider.acknowledgeWebhook(verified.event).status).toBe(200);
    });

    it('a forged notification (a declined payment reported as captured) parses, but the lookup disagrees', async () => {
      const h = setup();
      const paid = await charge(CARDS.success);
      const declined = await charge(CARDS.insufficient);
      const genuine = await h.payNotification(paid.result, 'json');
      const paidId = paid.result.providerTransactionId ?? '';
      const declinedId = declined.result.providerTransactionId ?? '';
      const forged = Buffer.from(Buffer.from(genuine.rawBody).toString('utf8').replaceAll(paidId, declinedId));
      const verified = await h.provider.verifyWebhook({ ...genuine, rawBody: forged });
      expect(verified).toMatchObject({ ok: true, event: { providerTransactionId: declinedId, state: 'captured' } });
      expect(await h.provider.getPayment(declinedId)).toMatchObject({
        status: 'found',
        payment: { outcome: 'declined', state: 'declined' },
      });
    });

    it('a notification on a route the acquirer does not post to, or with a body that is no notification, is refused', async () => {
      const h = setup();
      const { result } = await charge(CARDS.success);
      const genuine = await h.payNotification(result, 'json');
      expect(await h.provider.verifyWebhook({ ...genuine, kind: 'no_such_route' })).toMatchObject({ ok: false });
      expect(await h.provider.verifyWebhook({ ...genuine, rawBody: Buffer.from('{"hello":1}') })).toMatchObject({
        ok: false,
        reason: 'malformed',
      });
    });
  });
}
