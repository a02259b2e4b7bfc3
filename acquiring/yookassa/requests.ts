// Pure request builders: our inputs → YooKassa's request bodies (reference §2.1, §2.5, §3, §5).
import type {
  CaptureInput,
  ChargeCardInput,
  ChargeTokenInput,
  CreatePaymentLinkInput,
  RefundInput,
} from '../provider.js';
import type { MetadataKey } from './mapper.js';
import { toWireAmount } from './money.js';
import { toWireReceipt } from './receipt.js';

type Body = Record<string, unknown>;

const METADATA_KEYS: readonly MetadataKey[] = ['paymentId', 'invoiceId', 'accountId', 'refundId'];

/** Our ids travel in `metadata` (flat strings, ≤ 16 keys) so notifications and lists lead back to our rows. */
export function metadataOf(ids: Partial<Record<MetadataKey, string>>): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (const key of METADATA_KEYS) {
    const value = ids[key];
    if (typeof value === 'string' && value !== '') metadata[key] = value;
  }
  return metadata;
}

/** Optional fields are left out rather than sent as null: YooKassa validates what it is given. */
function withOptional(body: Body, optional: Body): Body {
  for (const [name, value] of Object.entries(optional)) if (value !== undefined) body[name] = value;
  return body;
}

const description = (text: string | undefined) => (text === undefined ? undefined : text.slice(0, 128));

/** A hosted-page payment: the payer enters the card on YooKassa's page; the card is saved for renewals. */
export function linkPaymentBody(input: CreatePaymentLinkInput, returnUrl: string): Body {
  return withOptional(
    {
      amount: toWireAmount(input.amount, input.currency),
      capture: input.capture !== false,
      save_payment_method: true,
      payment_method_data: { type: 'bank_card' },
      confirmation: { type: 'redirect', return_url: returnUrl },
      metadata: metadataOf(input),
    },
    { description: description(input.description), receipt: input.receipt && toWireReceipt(input.receipt) },
  );
}

/** A payment by the card token from the payer's browser (Checkout.js `payment_token`), confirmed by redirect. */
export function cardPaymentBody(input: ChargeCardInput): Body {
  return withOptional(
    {
      amount: toWireAmount(input.amount, input.currency),
      capture: input.capture !== false,
      payment_token: input.cryptogram,
      save_payment_method: true,
      confirmation: { type: 'redirect', return_url: input.returnUrl },
      client_ip: input.ipAddress,
      metadata: metadataOf(input),
    },
    { description: description(input.description), receipt: input.receipt && toWireReceipt(input.receipt) },
  );
}

/** A charge of a saved method (renewals): no confirmation, so none may be sent (reference §2.1). */
export function tokenPaymentBody(input: ChargeTokenInput): Body {
  return withOptional(
    {
      amount: toWireAmount(input.amount, input.currency),
      capture: input.capture !== false,
      payment_method_id: input.token,
      metadata: metadataOf(input),
    },
    { description: description(input.description), receipt: input.receipt && toWireReceipt(input.receipt) },
  );
}

export function captureBody(input: CaptureInput): Body {
  return withOptional(
    { amount: toWireAmount(input.amount, input.currency) },
    { receipt: input.receipt && toWireReceipt(input.receipt) },
  );
}

export function refundBody(input: RefundInput): Body {
  return withOptional(
    {
      payment_id: input.providerTransactionId,
      amount: toWireAmount(input.amount, input.currency),
      metadata: metadataOf({ paymentId: input.paymentId, refundId: input.refundId }),
    },
    { receipt: input.receipt && toWireReceipt(input.receipt) },
  );
}
