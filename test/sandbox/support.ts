// Starts a sandbox on a free port and talks to it over HTTP the way a CloudPayments client would.
import { type RunningSandbox, type SandboxOptions, startSandbox } from '../../sandbox/server.js';

export const PUBLIC_ID = 'test_api_sandbox_tests';
export const API_SECRET = 'sandbox-tests-secret';
export const AUTH = `Basic ${Buffer.from(`${PUBLIC_ID}:${API_SECRET}`).toString('base64')}`;

// biome-ignore lint/suspicious/noExplicitAny: tests read the sandbox's answers as loosely typed JSON
type Json = any;

export interface TestSandbox extends RunningSandbox {
  api(
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; text: string; json: Json }>;
  control(path: string, body?: unknown, method?: string): Promise<Json>;
  cryptogram(cardNumber: string): Promise<string>;
  transactions(): Promise<Json[]>;
  notifications(): Promise<Json[]>;
}

export async function startTestSandbox(options: Partial<SandboxOptions> = {}): Promise<TestSandbox> {
  const running = await startSandbox({
    port: 0,
    publicId: PUBLIC_ID,
    apiSecret: API_SECRET,
    timeScale: 0.0001,
    ...options,
  });
  const control = async (path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST') => {
    const response = await fetch(`${running.url}/_sandbox${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${text}`);
    return JSON.parse(text);
  };
  return {
    ...running,
    async api(path, body = {}, headers = {}) {
      const isString = typeof body === 'string';
      const response = await fetch(`${running.url}${path}`, {
        method: 'POST',
        headers: {
          authorization: AUTH,
          'content-type': isString ? 'application/x-www-form-urlencoded' : 'application/json',
          ...headers,
        },
        body: isString ? body : JSON.stringify(body),
      });
      const text = await response.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: response.status, text, json };
    },
    control,
    cryptogram: async (cardNumber) =>
      (await control('/cryptogram', { cardNumber, expMonth: 12, expYear: 2035, cvv: '123' })).packet,
    transactions: async () => (await control('/transactions')).items,
    notifications: async () => (await control('/notifications')).items,
  };
}
