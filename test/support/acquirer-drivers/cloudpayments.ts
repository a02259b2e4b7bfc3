// The CloudPayments sandbox (sandbox/, its controls under /_sandbox) driven as a payer and a tester would.
import type { Json } from '../billing-client.js';
import type { Harness } from '../stack.js';
import {
  type AcquirerControls,
  type AcquirerDriver,
  challengeOf,
  type LedgerEntry,
  type LedgerStatus,
  paymentUrlOf,
  returnAnswer,
  sandboxControl,
} from './driver.js';

/** The sandbox's test cards (sandbox/cryptogram.ts). */
export const CLOUDPAYMENTS_CARDS = {
  success: '4000000000003055',
  otherSuccess: '5205000000003055',
  success3ds: '4242424242424242',
  insufficientFunds: '4000056655665556',
} as const;

/** CloudPayments reason codes the sandbox forces on a token's charges: 5051 insufficient funds, 5005 do not honor. */
const DECLINE_CODES = { soft: 5051, hard: 5005 } as const;

const PAYMENT_STATUSES: Record<string, LedgerStatus> = {
  AwaitingAuthentication: 'pending',
  Authorized: 'authorized',
  Completed: 'captured',
  Cancelled: 'voided',
  Declined: 'declined',
};
const REFUND_STATUSES: Record<string, LedgerStatus> = { Completed: 'refunded', Declined: 'refund_failed' };

/** One transaction of the sandbox's /_sandbox/transactions (the CloudPayments model plus Kind). */
export function cloudPaymentsLedgerEntry(t: Json): LedgerEntry {
  const kind = t.Kind === 'refund' ? 'refund' : 'payment';
  const status = (kind === 'refund' ? REFUND_STATUSES : PAYMENT_STATUSES)[t.Status];
  if (!status) throw new Error(`a ${kind} in an unknown status ${t.Status}`);
  return {
    kind,
    transactionId: String(t.TransactionId),
    paymentTransactionId: kind === 'refund' ? String(t.OriginalTransactionId) : null,
    invoiceId: t.InvoiceId ?? null,
    amount: Math.round(t.Amount * 100),
    currency: t.Currency,
    status,
    savedCard: kind === 'payment' ? (t.Token ?? null) : null,
  };
}

function cloudPaymentsControls(h: Harness): AcquirerControls {
  const control = (path: string, body?: unknown, method?: string) =>
    sandboxControl(`${h.sandboxUrl}/_sandbox${path}`, body, method);
  const cardPacket = async (cardNumber: string) =>
    (await control('/cryptogram', { cardNumber, expMonth: 12, expYear: 2030, cvv: '123' })).packet as string;
  return {
    cardPacket,
    async payLink(checkout, cardNumber) {
      const orderId = paymentUrlOf(checkout).split('/d/')[1];
      await control(`/orders/${orderId}/pay`, { cardNumber });
    },
    async completeChallenge(checkout, result) {
      const { fields } = challengeOf(checkout);
      const md = fields.MD ?? '';
      // The ACS's answer, then the form the bank's page auto-submits to TermUrl.
      const { paRes } = await control(`/3ds/${md}`, { result });
      const res = await fetch(fields.TermUrl ?? '', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ MD: md, PaRes: paRes }),
        redirect: 'manual',
      });
      return returnAnswer(res);
    },
    async declineCharges(savedCard, decline, times) {
      await control(`/tokens/${savedCard}/behavior`, { reasonCode: DECLINE_CODES[decline], times });
    },
    ledger: async () => ((await control('/transactions')).items as Json[]).map(cloudPaymentsLedgerEntry),
    setFaults: async (faults) => void (await control('/faults', faults)),
    clearFaults: async () => void (await control('/faults', undefined, 'DELETE')),
  };
}

export const cloudPaymentsDriver: AcquirerDriver = {
  name: 'cloudpayments',
  cards: CLOUDPAYMENTS_CARDS,
  overrides: async () => ({ ACQUIRER: 'cloudpayments' }),
  controls: cloudPaymentsControls,
};
