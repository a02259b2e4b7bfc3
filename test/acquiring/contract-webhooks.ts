// Contract, part 3: webhook verification, parsing and acknowledgement.
import { describe, expect, it } from 'vitest';
import type { PaymentProvider } from '../../acquiring/provider.js';
import type { ContractHelpers } from './contract.js';
import { CARDS, type ContractHarness, type ContractTraits } from './contract-harness.js';
import { unsignedNotificationContract } from './contract-webhooks-unsigned.js';

export function webhookContract(setup: () => ContractHarness, helpers: ContractHelpers, traits: ContractTraits) {
  if (!traits.signedNotifications) {
    unsignedNotificationContract(setup, helpers);
    return;
  }
  const { charge } = helpers;
  describe('webhooks', () => {
    async function paid() {
      const h = setup();
      const { input, result } = await charge(CARDS.success);
      return { h, input, result };
    }

    for (const format of ['form', 'json'] as const) {
      it(`a signed ${format} pay notification verifies and normalises to our payment`, async () => {
        const { h, input, result } = await paid();
        const verified = await h.provider.verifyWebhook(await h.payNotification(result, format));
        expect(verified).toMatchObject({
          ok: true,
          event: {
            kind: 'pay',
            providerTransactionId: result.providerTransactionId,
            invoiceId: input.invoiceId,
            amount: 29_900,
            state: 'captured',
            paymentId: input.paymentId,
          },
        });
      });
    }

    for (const keep of ['content-hmac', 'x-content-hmac'] as const) {
      it(`a form notification carrying only ${keep} verifies`, async () => {
        const { h, result } = await paid();
        const request = await h.payNotification(result, 'form');
        const drop = keep === 'content-hmac' ? 'x-content-hmac' : 'content-hmac';
        const headers = Object.fromEntries(Object.entries(request.headers).filter(([k]) => k.toLowerCase() !== drop));
        expect((await h.provider.verifyWebhook({ ...request, headers })).ok).toBe(true);
      });
    }

    it('a tampered body, a wrong signature and a missing signature are all rejected as bad_signature', async () => {
      const { h, result } = await paid();
      const request = await h.payNotification(result, 'form');
      const tampered = Buffer.from(
        Buffer.from(request.rawBody)
          .toString('utf8')
          .replace(/Amount=[\d.]+/, 'Amount=1.00'),
      );
      const wrong = { ...request.headers, 'content-hmac': Buffer.alloc(32).toString('base64') };
      const none = Object.fromEntries(
        Object.entries(request.headers).filter(([k]) => !k.toLowerCase().includes('hmac')),
      );
      for (const bad of [
        { ...request, rawBody: tampered },
        { ...request, headers: wrong },
        { ...request, headers: none },
      ]) {
        expect(await h.provider.verifyWebhook(bad)).toMatchObject({ ok: false, reason: 'bad_signature' });
      }
    });

    it('check replies carry code 0 to accept and 10/11/12/13/20 to refuse; other kinds reply code 0', async () => {
      const { h, result } = await paid();
      const verified = await h.provider.verifyWebhook({
        ...(await h.payNotification(result, 'form')),
        kind: 'check',
      });
      if (!verified.ok) throw new Error(verified.message);
      const code = (d?: Parameters<PaymentProvider['acknowledgeWebhook']>[1]) =>
        JSON.parse(h.provider.acknowledgeWebhook(verified.event, d).body).code;
      expect([
        code('accept'),
        code('unknown_invoice'),
        code('wrong_account'),
        code('wrong_amount'),
        code('not_acceptable'),
        code('expired'),
      ]).toEqual([0, 10, 11, 12, 13, 20]);
      expect(JSON.parse(h.provider.acknowledgeWebhook({ ...verified.event, kind: 'pay' }, 'expired').body)).toEqual({
        code: 0,
      });
    });
  });
}
