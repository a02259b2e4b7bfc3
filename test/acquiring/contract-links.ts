// Contract, part 5: payment links (the acquirer's hosted page), one-stage and hold-only.
import { expect, it } from 'vitest';
import type { ContractHelpers } from './contract.js';
import type { ContractHarness } from './contract-harness.js';

export function linkContract(setup: () => ContractHarness, { ids }: ContractHelpers) {
  it('a payment link is created, paid by the payer, and found by invoice as succeeded', async () => {
    const h = setup();
    const input = { ...ids(), amount: 19_900, currency: 'RUB', description: 'Movix monthly' };
    const link = await h.provider.createPaymentLink(input);
    expect(link).toMatchObject({ outcome: 'succeeded', url: expect.any(String) });
    await h.payLink(link.url ?? '', setup().cards.success3ds);
    const found = await h.provider.findByInvoice(input.invoiceId);
    expect(found).toMatchObject({
      status: 'found',
      payment: { outcome: 'succeeded', state: 'captured', amount: 19_900, accountId: input.accountId },
    });
  });

  it('a cancelled payment link can no longer be paid (an acquirer that cannot cancel one refuses to); cancelling a paid link is refused', async () => {
    const h = setup();
    const open = await h.provider.createPaymentLink({ ...ids(), amount: 100, currency: 'RUB', description: 'x' });
    const cancel = await h.provider.cancelPaymentLink({ linkId: open.linkId ?? '' });
    if (h.provider.capabilities.cancelLink) {
      expect(cancel).toMatchObject({ outcome: 'succeeded' });
      await expect(h.payLink(open.url ?? '', setup().cards.success)).rejects.toThrow();
    } else {
      // An acquirer that cannot cancel an unpaid link says so; it never claims a cancel it did not make.
      expect(cancel).toMatchObject({ outcome: 'declined' });
    }
    const paid = await h.provider.createPaymentLink({ ...ids(), amount: 100, currency: 'RUB', description: 'y' });
    await h.payLink(paid.url ?? '', setup().cards.success);
    expect(await h.provider.cancelPaymentLink({ linkId: paid.linkId ?? '' })).toMatchObject({
      outcome: 'declined',
      decline: { code: 'request_rejected' },
    });
  });

  it('a payment link with capture: false, once paid, is an authorized hold: its notification normalises to payment_authorized; void then cancels it', async () => {
    const h = setup();
    const input = { ...ids(), amount: 19_900, currency: 'RUB', description: 'Card check', capture: false };
    const link = await h.provider.createPaymentLink(input);
    await h.payLink(link.url ?? '', setup().cards.success3ds);
    const found = await h.provider.findByInvoice(input.invoiceId);
    if (found.status !== 'found') throw new Error(`payment not found: ${JSON.stringify(found)}`);
    expect(found.payment).toMatchObject({ outcome: 'succeeded', state: 'authorized', amount: 19_900 });
    const notification = await h.paymentNotification(found.payment);
    expect(await h.provider.verifyNotification(notification)).toMatchObject({
      ok: true,
      notification: {
        action: 'payment_authorized',
        state: 'authorized',
        paymentId: input.paymentId,
        invoiceId: input.invoiceId,
      },
    });
    const id = found.payment.providerTransactionId ?? '';
    const voided = await h.provider.void({
      ...input,
      idempotencyKey: `${input.idempotencyKey}:void`,
      providerTransactionId: id,
    });
    expect(voided.outcome).toBe('succeeded');
    expect(await h.provider.getPayment(id)).toMatchObject({
      status: 'found',
      payment: { state: 'cancelled', outcome: 'voided' },
    });
  });
}
