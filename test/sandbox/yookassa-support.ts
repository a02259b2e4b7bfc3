// Starts a sandbox on a free port and talks to its YooKassa part over HTTP as a YooKassa client would.
import { randomUUID } from 'node:crypto';
import { type RunningSandbox, type SandboxOptions, startSandbox } from '../../sandbox/server.js';
import type { YooKassaOptions } from '../../sandbox/yookassa/core.js';

export const SHOP_ID = '700700';
export const SECRET_KEY = 'test_yookassa_sandbox_tests';
export const YK_AUTH = `Basic ${Buffer.from(`${SHOP_ID}:${SECRET_KEY}`).toString('base64')}`;

// biome-ignore lint/suspicious/noExplicitAny: tests read the sandbox's answers as loosely typed JSON
type Json = any;

export interface YooKassaTestSandbox extends RunningSandbox {
  apiUrl: string;
  /** A YooKassa API call; POSTs get a fresh Idempotence-Key unless `key` is given (`null`: none at all). */
  api(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    options?: { key?: string | null; auth?: string },
  ): Promise<{ status: number; json: Json }>;
  control(path: string, body?: unknown, method?: string): Promise<Json>;
  token(cardNumber: string): Promise<string>;
  transactions(): Promise<Json[]>;
  notifications(): Promise<Json[]>;
}

export const rub = (value: string) => ({ value, currency: 'RUB' });

export async function startYooKassaSandbox(
  yookassa: YooKassaOptions = {},
  options: Partial<SandboxOptions> = {},
): Promise<YooKassaTestSandbox> {
  const running = await startSandbox({
    port: 0,
    publicId: 'test_api_unused',
    apiSecret: 'unused',
    timeScale: 0.001,
    ...options,
    yookassa: { shopId: SHOP_ID, secretKey: SECRET_KEY, ...yookassa },
  });
  const control = async (path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST') => {
    const response = await fetch(`${running.url}/yookassa/_sandbox${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${text}`);
    return JSON.parse(text);
  };
  const apiUrl = `${running.url}/yookassa/v3`;
  return {
    ...running,
    apiUrl,
    async api(method, path, body, options = {}) {
      const key = options.key === undefined ? randomUUID() : options.key;
      const headers: Record<string, string> = { authorization: options.auth ?? YK_AUTH };
      if (method === 'POST') headers['content-type'] = 'application/json';
      if (method === 'POST' && key !== null) headers['idempotence-key'] = key;
      const response = await fetch(`${apiUrl}${path}`, {
        method,
        headers,
        body: method === 'POST' ? JSON.stringify(body ?? {}) : undefined,
      });
      return { status: response.status, json: await response.json() };
    },
    control,
    token: async (cardNumber) => (await control('/payment-token', { cardNumber })).paymentToken,
    transactions: async () => (await control('/transactions')).items,
    notifications: async () => (await control('/notifications')).items,
  };
}

/** A payment by payment token, ready to be paid at once (a non-3DS card finishes in the create call). */
export async function payByToken(sb: YooKassaTestSandbox, card: string, extra: Record<string, unknown> = {}) {
  return sb.api('POST', '/payments', {
    amount: rub('499.00'),
    capture: true,
    payment_token: await sb.token(card),
    description: 'Movix Pro, 1 month',
    metadata: { billing_payment_id: `bp_${randomUUID()}` },
    ...extra,
  });
}

/** A link payment: the card is entered on the confirmation page (or through the pay control). */
export function linkPayment(sb: YooKassaTestSandbox, extra: Record<string, unknown> = {}) {
  return sb.api('POST', '/payments', {
    amount: rub('499.00'),
    capture: true,
    payment_method_data: { type: 'bank_card' },
    confirmation: { type: 'redirect', return_url: 'https://app.example/billing/return?p=bp_1' },
    ...extra,
  });
}
