// Playing the payer, the network and the books against the YooKassa sandbox (its /yookassa/_sandbox controls), for
// the contract suite's YooKassa harness. Kept apart from the harness's shape, which the suite owns.
import { plainHeaders, type Receiver } from './receiver.js';
import { waitFor } from './wait.js';

type CardRole = 'success' | 'success3ds' | 'insufficient' | 'tokenInsufficient';

/** The suite's card roles → YooKassa's test cards (reference §8); it has no card that asks for 3-D Secure and then lacks funds. */
export const YOOKASSA_CARDS: Record<CardRole, string> = {
  success: '5555555555554444',
  success3ds: '5555555555554477',
  insufficient: '5555555555554600',
  // A good card whose saved method is then set to decline with insufficient_funds (tokenSaved).
  tokenInsufficient: '4111111111111111',
};

/** What the suite expects YooKassa to report, by role. */
export const YOOKASSA_DECLINES = {
  insufficientFunds: { code: 'insufficient_funds', reason: 'insufficient_funds', class: 'soft' },
  authenticationFailed: { code: '3d_secure_failed', reason: '3d_secure_failed', class: 'hard' },
  /** What setTokenBehavior forces (the suite asks for CloudPayments' 5005). */
  forcedHard: { code: 'card_expired', reason: 'card_expired', class: 'hard' },
} as const;

type LedgerItem = {
  kind: 'payment' | 'refund';
  id: string;
  status: string;
  payment_id?: string;
  metadata?: Record<string, string>;
};

/** `suiteCards`: the numbers a suite uses per role when they are another acquirer's (translated to YooKassa's). */
export function yooKassaControls(
  sandboxUrl: string,
  receiver: Receiver,
  clientTimeoutMs: number,
  suiteCards?: Record<CardRole, string>,
) {
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
  /** A suite card of a role → YooKassa's card for it; any other number is taken as it is. */
  const cardFor = (card: string) => {
    const role = (Object.keys(YOOKASSA_CARDS) as CardRole[]).find((k) => suiteCards?.[k] === card);
    return role ? YOOKASSA_CARDS[role] : card;
  };
  const paymentIdOf = (confirmationUrl: string) => confirmationUrl.split('/checkout/')[1]?.split(/[/?#]/)[0] ?? '';

  return {
    cardFor,
    cryptogram: async (suiteCard: string) =>
      (await control('/payment-token', { cardNumber: cardFor(suiteCard), expMonth: 12, expYear: 2035, cvv: '123' }))
        .paymentToken as string,
    /** The payer on the confirmation page (3-D Secure passed or failed); YooKassa's return address carries nothing. */
    async confirm(paymentId: string, result: 'success' | 'fail'): Promise<Record<string, string>> {
      const payment = (await ledger()).find((p) => p.id === paymentId);
      // A card declined at once (the stand-in for "3-D Secure, then no funds") has no page left to pass.
      if (payment?.status === 'pending') await control(`/payments/${paymentId}/confirm`, { result });
      return {};
    },
    paymentIdOf,
    payLink: async (url: string, suiteCard: string) => {
      await control(`/payments/${paymentIdOf(url)}/pay`, { cardNumber: cardFor(suiteCard) });
    },
    setTokenBehavior: async (token: string, times?: number) => {
      await control(`/payment-methods/${token}/behavior`, { reason: YOOKASSA_DECLINES.forcedHard.code, times });
    },
    tokenSaved: async (card: string, token: string) => {
      if (cardFor(card) === YOOKASSA_CARDS.tokenInsufficient) {
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
