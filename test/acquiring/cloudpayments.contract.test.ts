// The contract suite against the CloudPayments adapter talking real HTTP to the sandbox (port 0).
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { createCloudPaymentsProvider } from '../../acquiring/cloudpayments/provider.js';
import { type RunningSandbox, startSandbox } from '../../sandbox/server.js';
import { providerContract } from './contract.js';
import type { ContractHarness } from './contract-harness.js';
import { plainHeaders, type Receiver, startReceiver } from './support/receiver.js';
import { waitFor } from './support/wait.js';

const PUBLIC_ID = 'test_api_contract';
const SECRET = 'contract-api-secret';
// Long enough that a normal call answers in time on a busy 2-core machine running test files side by side (at 400 ms
// one of 104 charges in a row now and then came back unknown); a timeout fault holds the answer three times as long.
const CLIENT_TIMEOUT_MS = 1500;

let sandbox: RunningSandbox;
let receiver: Receiver;
let harness: ContractHarness;

async function control(path: string, body?: unknown, method = 'POST') {
  const response = await fetch(`${sandbox.url}/_sandbox${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${await response.text()}`);
  return response.json() as Promise<Record<string, unknown>>;
}

beforeAll(async () => {
  receiver = await startReceiver();
  sandbox = await startSandbox({
    port: 0,
    publicId: PUBLIC_ID,
    apiSecret: SECRET,
    notifyUrl: receiver.url,
    timeScale: 0.0001,
  });
  const provider = createCloudPaymentsProvider({
    apiUrl: sandbox.url,
    publicId: PUBLIC_ID,
    apiSecret: SECRET,
    timeoutMs: CLIENT_TIMEOUT_MS,
  });
  harness = {
    provider,
    cryptogram: async (cardNumber) =>
      (await control('/cryptogram', { cardNumber, expMonth: 12, expYear: 2035, cvv: '123' })).packet as string,
    paRes: async (id, result) => (await control(`/3ds/${id}`, { result })).paRes as string,
    payLink: async (url, cardNumber) => {
      await control(`/orders/${url.split('/d/')[1]}/pay`, { cardNumber });
    },
    setTokenBehavior: async (token, reasonCode, times) => {
      await control(`/tokens/${token}/behavior`, { reasonCode, times });
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
      const { items } = (await control('/transactions', undefined, 'GET')) as { items: { InvoiceId: string | null }[] };
      return items.filter((t) => t.InvoiceId === invoiceId).length;
    },
    // form: the very bytes and headers the sandbox POSTed; json: the same fields as JSON, signed here.
    payNotification: async (payment, format) => {
      const id = payment.providerTransactionId ?? '';
      const sent = await waitFor(
        () =>
          receiver.received.find(
            (r) => r.kind === 'pay' && new URLSearchParams(r.rawBody.toString()).get('TransactionId') === id,
          ),
        `the pay notification of ${id}`,
      );
      if (format === 'form') return { kind: 'pay', rawBody: sent.rawBody, headers: plainHeaders(sent.headers) };
      const body = Buffer.from(JSON.stringify(Object.fromEntries(new URLSearchParams(sent.rawBody.toString()))));
      const signature = createHmac('sha256', SECRET).update(body).digest('base64');
      return {
        kind: 'pay',
        rawBody: body,
        headers: { 'content-type': 'application/json', 'content-hmac': signature, 'x-content-hmac': signature },
      };
    },
  };
});

afterAll(async () => {
  await sandbox?.close();
  await receiver?.close();
});

providerContract('CloudPayments adapter over HTTP to the sandbox', () => harness);
