// Playing the payer, the network and the books against the YooKassa sandbox (its /yookassa/_sandbox controls), for
// the contract suite's YooKassa harness.
import type { ContractCards } from '../contract-harness.js';
import { plainHeaders, type Receiver } from './receiver.js';
import { waitFor } from './wait.js';

/** YooKassa's test cards for the outcomes the suite provokes (reference §8). It has none that asks for 3-D Secure and
 * then lacks funds. */
export const YOOKASSA_CARDS = {
  success: '5555555555554444',
  success3ds: '5555555555554477',
  insufficient: '5555555555554600',
  // A good card whose saved method is then set to decline with insufficient_funds (tokenSaved).
  tokenInsufficient: '4111111111111111',
} as const satisfies ContractCards;

/** What the suite expects YooKassa to report, by role. */
export const YOOKASSA_DECLINES = {
  insufficientFunds: { code: 'insufficient_funds', reason: 'insufficient_funds', class: 'soft' },
  authenticationFailed: { code: '3d_secure_failed', reason: '3d_secure_failed', class: 'hard' },
  /** What declineTokenCharges makes a saved method's charges report. */
  hardTokenDecline: { code: 'card_expired', reason: 'card_expired', class: 'hard' },
} as const;

type LedgerItem = {
  kind: 'payment' | 'refund';
  id: string;
  status: string;
  payment_id?: string;
  metadata?: Record<string, string>;
};

export function yooKassaControls(sandboxUrl: string, receiver: Receiver, clientTimeoutMs: number) {
  async function control(path: string, body?: unknown, method = 'POST') {
    const response = await fetch(`${sandboxUrl}/yookassa/_sandbox${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${await response.text()}`);
    return response.json() as Promise<Record<string, unknown>>;
  }
  const ledger = async () => (await control('/transactions', undefined, 'GET')).items as LedgerItem[];
  const paymentIdOf = (confirmationUrl: string) => confirmationUrl.split('/checkout/')[1]?.split(/[/?#]/)[0] ?? '';

  return {
    cryptogram: async (card: string) =>
      (await control('/payment-token', { cardNumber: card, expMonth: 12, expYear: 2035, cvv: '123' }))
        .paymentToken as string,
    /** The payer on the confirmation page (3-D Secure passed or failed); YooKassa's return address carries nothing. */
    async confirm(paymentId: string, result: 'success' | 'fail'): Promise<Record<string, string>> {
      await control(`/payments/${paymentId}/confirm`, { result });
      return {};
    },
    paymentIdOf,
    payLink: async (url: string, card: string) => {
      await control(`/payments/${paymentIdOf(url)}/pay`, { cardNumber: card });
    },
    declineTokenCharges: async (token: string, times?: number) => {
      await control(`/payment-methods/${token}/behavior`, { reason: YOOKASSA_DECLINES.hardTokenDecline.code, times });
    },
    tokenSaved: async (card: string, token: string) => {
      if (card === YOOKASSA_CARDS.tokenInsufficient) {
        await control(`/payment-methods/${token}/behavior`, { reason: 'insufficient_funds' });
      }
    },
    injectFault: async (fault: 'timeout' | 'server_error' | 'rate_limited') => {
      const settings = {
        timeout: { latencyMs: clientTimeoutMs * 3 },
        server_error: { errorRate: 1 },
        rate_limited: { rateLimitRate: 1 },
      };
      await control('/faults', settings[fault]);
    },
    clearFaults: async () => {
      await control('/faults', undefined, 'DELETE');
    },
    /** Payments whose metadata names the invoice, and the refunds of those payments. */
    ledgerEntries: async (invoiceId: string) => {
      const items = await ledger();
      const payments = new Set(items.filter((t) => t.metadata?.invoiceId === invoiceId).map((t) => t.id));
      return payments.size + items.filter((t) => t.kind === 'refund' && payments.has(t.payment_id ?? '')).length;
    },
    /** The very notification the sandbox POSTed about this object (the first one). */
    async notificationOf(objectId: string) {
      const sent = await waitFor(
        () =>
          receiver.received.find(
            (r) => (JSON.parse(r.rawBody.toString()) as { object?: { id?: string } }).object?.id === objectId,
          ),
        `the notification of ${objectId}`,
      );
      return { route: 'notification', rawBody: sent.rawBody, headers: plainHeaders(sent.headers) };
    },
    /** A forger's copy: another amount; YooKassa has no signature to break. */
    forge<T extends { rawBody: Uint8Array }>(request: T): T {
      const body = Buffer.from(request.rawBody)
        .toString('utf8')
        .replace(/"value":"[\d.]+"/g, '"value":"1.00"');
      return { ...request, rawBody: Buffer.from(body) };
    },
  };
}
