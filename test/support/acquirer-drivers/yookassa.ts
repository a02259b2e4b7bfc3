// The YooKassa-compatible sandbox (/yookassa on the same sandbox server) driven as a payer and a tester would.
// Written against the sandbox's published controls (/tmp/s13/yk-sandbox.md) and YooKassa's wire format only.
import type { Json } from '../billing-client.js';
import { freePort } from '../free-port.js';
import type { Harness } from '../stack.js';
import {
  type AcquirerControls,
  type AcquirerDriver,
  challengeOf,
  type LedgerEntry,
  type LedgerStatus,
  lastSegment,
  paymentUrlOf,
  returnAnswer,
  sandboxControl,
} from './driver.js';

/** YooKassa's test cards (reference/yookassa.md §8). */
export const YOOKASSA_CARDS = {
  success: '5555555555554444',
  otherSuccess: '4111111111111111',
  success3ds: '5555555555554477',
  insufficientFunds: '5555555555554600',
} as const;

/** The sandbox's shop; the API is configured with the same, so the driver can read a payment as the adapter does. */
const SHOP = { id: '100500', secretKey: 'test_sandbox_yookassa_secret' } as const;

/** Cancellation reasons the sandbox forces on a saved method's charges (yookassa.md §2.4: soft / hard). */
const DECLINE_REASONS = { soft: 'insufficient_funds', hard: 'permission_revoked' } as const;

/** A `canceled` payment these reasons ended was not refused by anyone: a released hold or an abandoned checkout. */
const NOT_DECLINES = new Set(['canceled_by_merchant', 'expired_on_capture', 'expired_on_confirmation']);

const PAYMENT_STATUSES: Record<string, LedgerStatus> = {
  pending: 'pending',
  waiting_for_capture: 'authorized',
  succeeded: 'captured',
  canceled: 'declined',
};
const REFUND_STATUSES: Record<string, LedgerStatus> = {
  pending: 'pending',
  succeeded: 'refunded',
  canceled: 'refund_failed',
};

/** "200.00" → 20000: YooKassa's decimal string in minor units, without a float in between. */
export function minorUnits(value: string): number {
  const [units = '0', fraction = ''] = value.split('.');
  return Number(units) * 100 + Number(fraction.padEnd(2, '0').slice(0, 2));
}

/** Our invoice id as the adapter echoes it in metadata (its key is the adapter's choice; these are the likely ones). */
const invoiceIdIn = (metadata: Json): string | null =>
  metadata?.invoiceId ?? metadata?.invoice_id ?? metadata?.InvoiceId ?? null;

/**
 * The sandbox's ledger as stored: YooKassa objects, each bare or wrapped (`{ kind, object }`), in a list or split
 * into payments and refunds; a refund is the one with a `payment_id`, and its invoice is its payment's. Ordered by
 * creation, as the acquirer made them.
 */
export function yooKassaLedger(body: Json): LedgerEntry[] {
  const items: Json[] = Array.isArray(body)
    ? body
    : (body?.items ?? [...(body?.payments ?? []), ...(body?.refunds ?? [])]);
  const objects = items
    .map((item) => ({ kind: item?.kind, object: item?.object ?? item }))
    .sort((a, b) => String(a.object.created_at ?? '').localeCompare(String(b.object.created_at ?? '')));
  const invoiceOfPayment = new Map(
    objects.filter(({ object }) => !object.payment_id).map(({ object }) => [object.id, invoiceIdIn(object.metadata)]),
  );
  return objects.map(({ kind, object }): LedgerEntry => {
    const isRefund = kind === 'refund' || typeof object.payment_id === 'string';
    let status = (isRefund ? REFUND_STATUSES : PAYMENT_STATUSES)[object.status];
    if (!status) throw new Error(`a YooKassa ${isRefund ? 'refund' : 'payment'} in an unknown status ${object.status}`);
    if (!isRefund && status === 'declined' && NOT_DECLINES.has(object.cancellation_details?.reason)) status = 'voided';
    return {
      kind: isRefund ? 'refund' : 'payment',
      transactionId: String(object.id),
      paymentTransactionId: isRefund ? object.payment_id : null,
      invoiceId: invoiceIdIn(object.metadata) ?? (isRefund ? (invoiceOfPayment.get(object.payment_id) ?? null) : null),
      amount: minorUnits(String(object.amount?.value ?? '0')),
      currency: object.amount?.currency,
      status,
      // The sandbox's ledger names the method by id; a payment object nests it.
      savedCard: isRefund ? null : (object.payment_method_id ?? object.payment_method?.id ?? null),
    };
  });
}

function yooKassaControls(h: Harness): AcquirerControls {
  const base = `${h.sandboxUrl}/yookassa`;
  const control = (path: string, body?: unknown, method?: string) =>
    sandboxControl(`${base}/_sandbox${path}`, body, method);
  /** A payment as the API shows it to the shop. */
  const payment = async (id: string): Promise<Json> => {
    const auth = Buffer.from(`${SHOP.id}:${SHOP.secretKey}`).toString('base64');
    const res = await fetch(`${base}/v3/payments/${id}`, { headers: { authorization: `Basic ${auth}` } });
    if (!res.ok) throw new Error(`GET /v3/payments/${id}: HTTP ${res.status} ${await res.text()}`);
    return res.json();
  };
  return {
    cardPacket: async (cardNumber) =>
      (await control('/payment-token', { cardNumber, expMonth: 12, expYear: 2030, cvv: '123' })).paymentToken,
    async payLink(checkout, cardNumber) {
      // The hosted page's address ends in the payment's id (/yookassa/checkout/<id>).
      await control(`/payments/${lastSegment(paymentUrlOf(checkout))}/pay`, { cardNumber });
    },
    async completeChallenge(checkout, result) {
      const paymentId = lastSegment(challengeOf(checkout).url);
      // The return address is the payment's while it waits for the payer; a finished payment shows no confirmation.
      const returnUrl = (await payment(paymentId)).confirmation?.return_url;
      if (typeof returnUrl !== 'string') throw new Error(`payment ${paymentId} has no return_url`);
      await control(`/payments/${paymentId}/confirm`, { result });
      // The bank's page sends the browser to return_url, which carries no result (§4): our API looks the payment up.
      return returnAnswer(await fetch(returnUrl, { redirect: 'manual' }));
    },
    async declineCharges(savedCard, decline, times) {
      await control(`/payment-methods/${savedCard}/behavior`, { reason: DECLINE_REASONS[decline], times });
    },
    ledger: async () => yooKassaLedger(await control('/transactions')),
    setFaults: async (faults) => void (await control('/faults', faults)),
    clearFaults: async () => void (await control('/faults', undefined, 'DELETE')),
  };
}

export const yooKassaDriver: AcquirerDriver = {
  name: 'yookassa',
  cards: YOOKASSA_CARDS,
  async overrides() {
    // The sandbox's port chosen here, so the API's YooKassa address says 127.0.0.1 (its default says localhost).
    const sandbox = `http://127.0.0.1:${await freePort()}`;
    return {
      ACQUIRER: 'yookassa',
      ACQUIRERS: 'yookassa',
      SANDBOX_PORT: new URL(sandbox).port,
      CLOUDPAYMENTS_API_URL: sandbox,
      YOOKASSA_API_URL: `${sandbox}/yookassa/v3`,
      YOOKASSA_SHOP_ID: SHOP.id,
      YOOKASSA_SECRET_KEY: SHOP.secretKey,
      SANDBOX_YOOKASSA_SHOP_ID: SHOP.id,
      SANDBOX_YOOKASSA_SECRET_KEY: SHOP.secretKey,
    };
  },
  controls: yooKassaControls,
};
