// The contract suite against the YooKassa adapter talking real HTTP to the YooKassa sandbox (port 0). The suite
// speaks CloudPayments' test cards and codes; the controls play each role with YooKassa's own (reference §8).
import { afterAll, beforeAll } from 'vitest';
import { createYooKassaProvider } from '../../acquiring/yookassa/provider.js';
import { type RunningSandbox, startSandbox } from '../../sandbox/server.js';
import { providerContract } from './contract.js';
import { CARDS, type ContractHarness } from './contract-harness.js';
import { legacyView } from './support/legacy-view.js';
import { type Receiver, startReceiver } from './support/receiver.js';
import { YOOKASSA_DECLINES, yooKassaControls } from './support/yookassa-controls.js';

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
  const provider = createYooKassaProvider({
    ...SHOP,
    apiUrl: `${sandbox.url}/yookassa/v3`,
    timeoutMs: CLIENT_TIMEOUT_MS,
    defaultReturnUrl: 'http://127.0.0.1:9/return',
  });
  const yk = yooKassaControls(sandbox.url, receiver, CLIENT_TIMEOUT_MS, CARDS);
  harness = {
    provider: legacyView(provider, 'http://127.0.0.1:9/3ds-return'),
    declines: YOOKASSA_DECLINES,
    cardNumber: yk.cardFor,
    cryptogram: yk.cryptogram,
    paRes: async (id, result) => JSON.stringify(await yk.confirm(id, result)),
    payLink: yk.payLink,
    setTokenBehavior: (token, _reasonCode, times) => yk.setTokenBehavior(token, times),
    tokenSaved: yk.tokenSaved,
    injectFault: yk.injectFault,
    clearFaults: yk.clearFaults,
    ledgerEntries: yk.ledgerEntries,
    // Both formats: the JSON notification the sandbox POSTed (YooKassa has one format and no signature).
    payNotification: async (payment) => {
      const { rawBody, headers } = await yk.notificationOf(payment.providerTransactionId ?? '');
      return { kind: 'notification', rawBody, headers };
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
