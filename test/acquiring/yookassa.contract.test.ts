// The contract suite against the YooKassa adapter talking real HTTP to the YooKassa sandbox (port 0).
import { afterAll, beforeAll } from 'vitest';
import type { PaymentProvider } from '../../acquiring/provider.js';
import { createYooKassaProvider } from '../../acquiring/yookassa/provider.js';
import { type RunningSandbox, startSandbox } from '../../sandbox/server.js';
import { providerContract } from './contract.js';
import type { ContractHarness } from './contract-harness.js';
import { type Receiver, startReceiver } from './support/receiver.js';
import { YOOKASSA_CARDS, YOOKASSA_DECLINES, yooKassaControls } from './support/yookassa-controls.js';

const SHOP = { shopId: '700700', secretKey: 'test_contract_yookassa_key' };
// As in the CloudPayments run: long enough for a busy 2-core machine; a timeout fault holds the answer 3× as long.
const CLIENT_TIMEOUT_MS = 1500;

let sandbox: RunningSandbox;
let receiver: Receiver;
let harness: ContractHarness;

beforeAll(async () => {
  receiver = await startReceiver(() => ({ status: 200, body: '{}' }));
  sandbox = await startSandbox({
    port: 0,
    publicId: 'test_api_unused',
    apiSecret: 'unused',
    timeScale: 0.0001,
    yookassa: { ...SHOP, notifyUrl: `${receiver.url}/notification` },
  });
  const adapter = createYooKassaProvider({
    ...SHOP,
    apiUrl: `${sandbox.url}/yookassa/v3`,
    timeoutMs: CLIENT_TIMEOUT_MS,
    defaultReturnUrl: 'http://127.0.0.1:9/return',
  });
  const yk = yooKassaControls(sandbox.url, receiver, CLIENT_TIMEOUT_MS);
  // YooKassa's behaviour lives on the saved method, which exists only once the card charge saved it.
  const tokenInsufficientPackets = new Set<string>();
  const provider: PaymentProvider = {
    ...adapter,
    async chargeCard(input) {
      const result = await adapter.chargeCard(input);
      if (tokenInsufficientPackets.has(input.cryptogram) && result.token) {
        await yk.tokenSaved(YOOKASSA_CARDS.tokenInsufficient, result.token);
      }
      return result;
    },
  };
  harness = {
    provider,
    cards: YOOKASSA_CARDS,
    declines: {
      authenticationFailed: YOOKASSA_DECLINES.authenticationFailed,
      insufficientFunds: YOOKASSA_DECLINES.insufficientFunds,
      hardTokenDecline: YOOKASSA_DECLINES.forcedHard,
    },
    async cryptogram(card) {
      const packet = await yk.cryptogram(card);
      if (card === YOOKASSA_CARDS.tokenInsufficient) tokenInsufficientPackets.add(packet);
      return packet;
    },
    authenticate: (challenge, result) => yk.confirm(yk.paymentIdOf(challenge.url), result),
    payLink: yk.payLink,
    declineTokenCharges: (token, times) => yk.setTokenBehavior(token, times),
    injectFault: yk.injectFault,
    clearFaults: yk.clearFaults,
    ledgerEntries: yk.ledgerEntries,
    paymentNotification: (payment) => yk.notificationOf(payment.providerTransactionId ?? ''),
    forge: yk.forge,
  };
});

afterAll(async () => {
  await sandbox?.close();
  await receiver?.close();
});

providerContract('YooKassa adapter over HTTP to the YooKassa sandbox', () => harness);
