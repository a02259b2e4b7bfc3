// Hold-only payment links end to end: the adapter creates the order with RequireConfirmation, the payer pays it
// (hosted page form or the pay-order control), the sandbox holds, notifies, and a void cancels the hold.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCloudPaymentsProvider } from '../../acquiring/cloudpayments/provider.js';
import type { PaymentProvider } from '../../acquiring/provider.js';
import { plainHeaders, type Receiver, startReceiver } from '../acquiring/support/receiver.js';
import { waitFor } from '../acquiring/support/wait.js';
import { API_SECRET, PUBLIC_ID, startTestSandbox, type TestSandbox } from './support.js';

let receiver: Receiver;
let sb: TestSandbox;
let provider: PaymentProvider;

beforeAll(async () => {
  receiver = await startReceiver();
  sb = await startTestSandbox({ notifyUrl: receiver.url });
  provider = createCloudPaymentsProvider({
    apiUrl: sb.url,
    publicId: PUBLIC_ID,
    apiSecret: API_SECRET,
    timeoutMs: 5_000,
  });
});
afterAll(async () => {
  await sb?.close();
  await receiver?.close();
});

const CARD = '4000000000003055'; // no 3-D Secure: the hosted page answers at once

const payers: Record<string, (url: string) => Promise<void>> = {
  'the hosted page': async (url) => {
    const form = new URLSearchParams({ cardNumber: CARD, exp: '12/35', cvv: '123', name: 'CARD HOLDER' });
    const response = await fetch(url, { method: 'POST', body: form, redirect: 'manual' });
    expect(await response.text()).toContain('id="result">Оплачено');
  },
  'POST /_sandbox/orders/{id}/pay': async (url) => {
    await sb.control(`/orders/${url.split('/d/')[1]}/pay`, { cardNumber: CARD });
  },
};

async function link(capture: boolean | undefined) {
  const invoiceId = `inv_${randomUUID()}`;
  const paymentId = `pay_${randomUUID()}`;
  const created = await provider.createPaymentLink({
    paymentId,
    idempotencyKey: `link_${paymentId}`,
    invoiceId,
    accountId: 'user-7',
    amount: 100,
    currency: 'RUB',
    description: 'Card check',
    capture,
  });
  if (!created.url) throw new Error(`no link: ${JSON.stringify(created)}`);
  return { invoiceId, paymentId, url: created.url, raw: created.raw as { Model: { RequireConfirmation: boolean } } };
}

async function notification(kind: string, invoiceId: string) {
  const sent = await waitFor(
    () =>
      receiver.received.find(
        (r) => r.kind === kind && new URLSearchParams(r.rawBody.toString()).get('InvoiceId') === invoiceId,
      ),
    `the ${kind} notification of ${invoiceId}`,
  );
  const verified = await provider.verifyNotification({
    route: kind,
    rawBody: sent.rawBody,
    headers: plainHeaders(sent.headers),
  });
  return { params: Object.fromEntries(new URLSearchParams(sent.rawBody.toString())), verified };
}

describe('hold-only payment links (capture: false → RequireConfirmation)', () => {
  for (const [via, payOrder] of Object.entries(payers)) {
    it(`paid via ${via}: the transaction is Authorized, check and pay say Authorized, pay normalises to authorized; void leaves it Cancelled`, async () => {
      const order = await link(false);
      expect(order.raw.Model.RequireConfirmation).toBe(true);
      await payOrder(order.url);

      const tx = (await sb.transactions()).find((t: { InvoiceId: string }) => t.InvoiceId === order.invoiceId);
      expect(tx).toMatchObject({ Status: 'Authorized', StatusCode: 2, ConfirmDate: null, Amount: 1 });
      expect((await notification('check', order.invoiceId)).params.Status).toBe('Authorized');
      const paid = await notification('pay', order.invoiceId);
      expect(paid.params).toMatchObject({ Status: 'Authorized', TransactionId: String(tx.TransactionId) });
      expect(paid.verified).toMatchObject({
        ok: true,
        notification: { action: 'payment_authorized', state: 'authorized', paymentId: order.paymentId, amount: 100 },
      });

      const id = String(tx.TransactionId);
      const voided = await provider.void({
        paymentId: order.paymentId,
        idempotencyKey: `void_${id}`,
        providerTransactionId: id,
      });
      expect(voided.outcome).toBe('succeeded');
      const got = await sb.api('/payments/get', { TransactionId: tx.TransactionId });
      expect(got.json.Model).toMatchObject({ Status: 'Cancelled', StatusCode: 4 });
      expect(await provider.getPayment(id)).toMatchObject({ status: 'found', payment: { state: 'cancelled' } });
      expect((await notification('cancel', order.invoiceId)).verified).toMatchObject({
        ok: true,
        notification: { action: 'payment_voided', state: 'cancelled' },
      });
    });
  }

  it('a link without capture: false is created with RequireConfirmation false and paid one-stage (Completed)', async () => {
    const order = await link(undefined);
    expect(order.raw.Model.RequireConfirmation).toBe(false);
    await payers['the hosted page']?.(order.url);
    expect(await provider.findByInvoice(order.invoiceId)).toMatchObject({
      status: 'found',
      payment: { state: 'captured', amount: 100 },
    });
    expect((await notification('pay', order.invoiceId)).params.Status).toBe('Completed');
  });
});
