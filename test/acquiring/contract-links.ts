// Contract, part 5: payment links (the acquirer's hosted page), one-stage and hold-only.
import { expect, it } from 'vitest';
import type { ContractHelpers } from './contract.js';
import { CARDS, type ContractHarness, type ContractTraits } from './contract-harness.js';

export function linkContract(setup: () => ContractHarness, { ids }: ContractHelpers, traits: ContractTraits) {
  it('a payment link is created, paid by the payer, and found by invoice as succeeded', async () => {
    const h = setup();
    const input = { ...ids(), amount: 19_900, currency: 'RUB', description: 'Movix monthly' };
    const link = await h.provider.createPaymentLink(input);
    expect(link).toMatchObject({ outcome: 'succeeded', url: expect.any(String) });
    await h.payLink(link.url ?? '', CARDS.success3ds);
    const found = await h.provider.findByInvoice(input.invoiceId);
    expect(found).toMatchObject({
      status: 'found',
      payment: { outcome: 'succeeded', state: 'captured', amount: 19_900, accountId: input.accountId },
    });
  });

  if (traits.cancelLink) {
    it('a cancelled payment link can no longer be paid; cancelling a paid link is refused', async () => {
      const h = setup();
      const open = await h.provider.createPaymentLink({ ...ids(), amount: 100, currency: 'RUB', description: 'x' });
      expect(await h.provider.cancelPaymentLink({ orderId: open.orderId ?? '' })).toMatchObject({
        outcome: 'succeeded',
      });
      await expect(h.payLink(open.url ?? '', CARDS.success)).rejects.toThrow();
      const paid = await h.provider.createPaymentLink({ ...ids(), amount: 100, currency: 'RUB', description: 'y' });
      await h.payLink(paid.url ?? '', CARDS.success);
      expect(await h.provider.cancelPaymentLink({ orderId: paid.orderId ?? '' })).toMatchObject({
        outcome: 'declined',
        decline: { code: 'request_rejected' },
      });
    });
  } else {
    it('an acquirer that cannot cancel a link refuses to cancel an open one (it stays payable) and a paid one', async () => {
      const h = setup();
      const open = await h.provider.createPaymentLink({ ...ids(), amount: 100, currency: 'RUB', description: 'x' });
      const refused = await h.provider.cancelPaymentLink({ orderId: open.orderId ?? '' });
      expect(refused).toMatchObject({ outcome: 'declined', decline: { class: 'hard' } });
      await h.payLink(open.url ?? '', CARDS.success);
      expect(await h.provider.cancelPaymentLink({ orderId: open.orderId ?? '' })).toMatchObject({
        outcome: 'declined',
        decline: { code: 'request_rejected' },
      });
    });
  }

  it('a payment link with capture: false, once paid, is an authorized hold: the pay notification says Authorized and normalises to authorized; void then cancels it', async () => {
    const h = setup();
    const input = { ...ids(), amount: 19_900, currency: 'RUB', description: 'Card check', capture: false };
    const link = await h.provider.createPaymentLink(input);
    await h.payLink(link.url ?? '', CARDS.success3ds);
    const found = await h.provider.findByInvoice(input.invoiceId);
    if (found.status !== 'found') throw new Error(`payment not found: ${JSON.stringify(found)}`);
    expect(found.payment).toMatchObject({ outcome: 'succeeded', state: 'authorized', amount: 19_900 });
    const notification = await h.payNotification(found.payment, 'form');
    if (traits.signedNotifications) {
      expect(new URLSearchParams(Buffer.from(notification.rawBody).toString()).get('Status')).toBe('Authorized');
    }
    expect(await h.provider.verifyWebhook(notification)).toMatchObject({
      ok: true,
      event: { kind: 'pay', state: 'authorized', paymentId: input.paymentId, invoiceId: input.invoiceId },
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
