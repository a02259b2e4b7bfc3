// CloudPayments' notification format, beyond the neutral contract: form and JSON bodies, the two signature headers,
// and the Check reply codes. Run against the adapter and against the memory provider, which speaks the same format.
import { describe, expect, it } from 'vitest';
import type { NotificationRequest, PaymentProvider, PaymentResult } from '../../acquiring/provider.js';
import { contractHelpers } from './contract.js';
import { CLOUDPAYMENTS_CARDS, type ContractHarness } from './contract-harness.js';

export interface CloudPaymentsNotificationHarness {
  harness: ContractHarness;
  /** The genuine signed `pay` notification of this payment, in the given body format. */
  payNotification(payment: PaymentResult, format: 'form' | 'json'): Promise<NotificationRequest>;
}

export function cloudPaymentsNotificationContract(name: string, setup: () => CloudPaymentsNotificationHarness) {
  const { charge } = contractHelpers(() => setup().harness);
  async function paid() {
    const { harness, payNotification } = setup();
    const { input, result } = await charge(CLOUDPAYMENTS_CARDS.success);
    return { provider: harness.provider, payNotification, input, result };
  }

  describe(`CloudPayments notifications: ${name}`, () => {
    for (const format of ['form', 'json'] as const) {
      it(`a signed ${format} pay notification verifies and normalises to our payment`, async () => {
        const { provider, payNotification, input, result } = await paid();
        expect(await provider.verifyNotification(await payNotification(result, format))).toMatchObject({
          ok: true,
          authenticity: 'signed',
          notification: {
            action: 'payment_captured',
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
        const { provider, payNotification, result } = await paid();
        const request = await payNotification(result, 'form');
        const drop = keep === 'content-hmac' ? 'x-content-hmac' : 'content-hmac';
        const headers = Object.fromEntries(Object.entries(request.headers).filter(([k]) => k.toLowerCase() !== drop));
        expect((await provider.verifyNotification({ ...request, headers })).ok).toBe(true);
      });
    }

    it('a tampered body, a wrong signature and a missing signature are all rejected as bad_signature', async () => {
      const { provider, payNotification, result } = await paid();
      const request = await payNotification(result, 'form');
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
        expect(await provider.verifyNotification(bad)).toMatchObject({ ok: false, reason: 'bad_signature' });
      }
    });

    it('a signed pay body posted to the fail route is a route_mismatch', async () => {
      const { provider, payNotification, result } = await paid();
      const request = await payNotification(result, 'form');
      expect(await provider.verifyNotification({ ...request, route: 'fail' })).toMatchObject({
        ok: false,
        reason: 'route_mismatch',
      });
    });

    it('check replies carry code 0 to accept and 10/11/12/13/20 to refuse; other actions reply code 0', async () => {
      const { provider, payNotification, result } = await paid();
      const verified = await provider.verifyNotification(await payNotification(result, 'form'));
      if (!verified.ok) throw new Error(verified.message);
      const check = { ...verified.notification, action: 'payment_check' as const };
      const code = (d?: Parameters<PaymentProvider['acknowledgeNotification']>[1]) =>
        JSON.parse(provider.acknowledgeNotification(check, d).body).code;
      expect([
        code('accept'),
        code('unknown_invoice'),
        code('wrong_account'),
        code('wrong_amount'),
        code('not_acceptable'),
        code('expired'),
      ]).toEqual([0, 10, 11, 12, 13, 20]);
      expect(JSON.parse(provider.acknowledgeNotification(verified.notification, 'expired').body)).toEqual({ code: 0 });
    });
  });
}
