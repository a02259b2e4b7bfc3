// The contract suite against the YooKassa adapter talking real HTTP to the YooKassa sandbox (port 0). The suite
// speaks CloudPayments' test cards; this harness plays each role with YooKassa's own card (reference §8).
import { afterAll, beforeAll } from 'vitest';
import { createYooKassaProvider } from '../../acquiring/yookassa/provider.js';
import { type RunningSandbox, startSandbox } from '../../sandbox/server.js';
import { providerContract } from './contract.js';
import { CARDS, type ContractHarness } from './contract-harness.js';
import { legacyView } from './support/legacy-view.js';
import { plainHeaders, type Receiver, startReceiver } from './support/receiver.js';
import { waitFor } from './support/wait.js';

const SHOP_ID = '700700';
const SECRET_KEY = 'test_contract_yookassa_key';
// As in the CloudPayments run: long enough for a busy 2-core machine; a timeout fault holds the answer 3× as long.
const CLIENT_TIMEOUT_MS = 1500;

/** The suite's card roles → YooKassa's test cards. */
const YOOKASSA_CARDS: Record<keyof typeof CARDS, string> = {
  success: '5555555555554444',
  success3ds: '5555555555554477',
  insufficient: '5555555555554600',
  // YooKassa has no card that asks for 3-D Secure and then lacks funds: the plain one stands in (see the report).
  insufficient3ds: '4562265587712390',
  // A good card whose saved method the harness sets to decline with insufficient_funds (tokenSaved).
  tokenInsufficient: '4111111111111111',
};
const cardFor = (suiteCard: string) =>
  YOOKASSA_CARDS[(Object.keys(CARDS) as (keyof typeof CARDS)[]).find((k) => CARDS[k] === suiteCard) ?? 'success'];

let sandbox: RunningSandbox;
let receiver: Receiver;
let harness: ContractHarness;

async function control(path: string, body?: unknown, method = 'POST') {
  const response = await fetch(`${sandbox.url}/yookassa/_sandbox${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${await response.text()}`);
  return response.json() as Promise<Record<string, unknown>>;
}

type LedgerItem = { kind: 'payment' | 'refund'; id: string; payment_id?: string; metadata?: Record<string, string> };

beforeAll(async () => {
  receiver = await startReceiver(() => ({ status: 200, body: '{}' }));
  sandbox = await startSandbox({
    port: 0,
    publicId: 'test_api_unused',
    apiSecret: 'unused',
    timeScale: 0.0001,
    yookassa: { shopId: SHOP_ID, secretKey: SECRET_KEY, notifyUrl: `${receiver.url}/notification` },
  });
  const provider = createYooKassaProvider({
    apiUrl: `${sandbox.url}/yookassa/v3`,
    shopId: SHOP_ID,
    secretKey: SECRET_KEY,
    timeoutMs: CLIENT_TIMEOUT_MS,
    defaultReturnUrl: 'http://127.0.0.1:9/return',
  });
  harness = {
    provider: legacyView(provider, 'http://127.0.0.1:9/3ds-return'),
    cardNumber: cardFor,
    declines: {
      insufficientFunds: { code: 'insufficient_funds', reason: 'insufficient_funds', class: 'soft' },
      authenticationFailed: { code: '3d_secure_failed', reason: '3d_secure_failed', class: 'hard' },
      forcedHard: { code: 'card_expired', reason: 'card_expired', class: 'hard' },
    },
    cryptogram: async (card) =>
      (await control('/payment-token', { cardNumber: cardFor(card), expMonth: 12, expYear: 2035, cvv: '123' }))
        .paymentToken as string,
    // YooKassa's return address carries nothing: finishing the confirmation page is all the payer does.
    paRes: async (id, result) => {
      const payment = (await control(`/transactions`, undefined, 'GET')).items as { id: string; status: string }[];
      if (payment.find((p) => p.id === id)?.status === 'pending') await control(`/payments/${id}/confirm`, { result });
      return '';
    },
    payLink: async (url, card) => {
      await control(`/payments/${url.split('/checkout/')[1]}/pay`, { cardNumber: cardFor(card) });
    },
    setTokenBehavior: async (token, _reasonCode, times) => {
      await control(`/payment-methods/${token}/behavior`, { reason: 'card_expired', times });
    },
    tokenSaved: async (card, token) => {
      if (card === CARDS.tokenInsufficient) {
        await control(`/payment-methods/${token}/behavior`, { reason: 'insufficient_funds' });
      }
    },
    injectFault: async (fault) => {
      const settings = {
        timeout: { latencyMs: CLIENT_TIMEOUT_MS * 3 },
        server_error: { errorRate: 1 },
        rate_limited: { rateLimitRate: 1 },
      };
      await control('/faults', settings[fault]);
    },
    clearFaults: async () => {
      await control('/faults', undefined, 'DELETE');
    },
    ledgerEntries: async (invoiceId) => {
      const items = (await control('/transactions', undefined, 'GET')).items as LedgerItem[];
      const payments = new Set(items.filter((t) => t.metadata?.invoiceId === invoiceId).map((t) => t.id));
      return payments.size + items.filter((t) => t.kind === 'refund' && payments.has(t.payment_id ?? '')).length;
    },
    // Both formats: the very JSON notification the sandbox POSTed (YooKassa has one format and no signature).
    payNotification: async (payment) => {
      const id = payment.providerTransactionId ?? '';
      const sent = await waitFor(
        () =>
          receiver.received.find(
            (r) => (JSON.parse(r.rawBody.toString()) as { object?: { id?: string } }).object?.id === id,
          ),
        `the notification of ${id}`,
      );
      return { kind: 'notification', rawBody: sent.rawBody, headers: plainHeaders(sent.headers) };
    },
  };
});

afterAll(async () => {
  await sandbox?.close();
  await receiver?.close();
});

providerContract('YooKassa adapter over HTTP to the YooKassa sandbox', () => harness, {
  signedNotifications: false,
  cancelLink: false,
});
