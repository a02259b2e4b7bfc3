import { expect } from 'vitest';
import type { Harness } from '../support/harness.js';

/** An operator refunds 1 RUB in the acquirer's own back office: its ledger has it, our books do not. */
export async function refundAtTheAcquirerAlone(h: Harness, providerTransactionId: string) {
  const auth = Buffer.from(`${h.config.sandbox.publicId}:${h.config.sandbox.apiSecret}`).toString('base64');
  const refunded = await fetch(`${h.sandboxUrl}/payments/refund`, {
    method: 'POST',
    headers: { authorization: `Basic ${auth}`, 'content-type': 'application/json' },
    body: JSON.stringify({ TransactionId: Number(providerTransactionId), Amount: 1 }),
  });
  expect(refunded.status).toBe(200);
}
