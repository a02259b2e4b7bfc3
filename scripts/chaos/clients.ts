// HTTP clients for the run: the API as a Movix client calls it (retrying through the restarts the run causes, with
// the same Idempotency-Key) and the sandbox's test controls.
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../config/config.js';
import { mintToken } from '../lib/mint-token.js';

// biome-ignore lint/suspicious/noExplicitAny: the run reads JSON bodies loosely
export type Json = any;
export interface Answer {
  status: number;
  body: Json;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function apiClient(apiUrl: string) {
  const { auth } = loadConfig({});
  const tokens = new Map<string, Promise<string>>();
  const token = (user: string) => {
    if (!tokens.has(user)) tokens.set(user, mintToken(auth, { sub: user, admin: user.startsWith('admin') }));
    return tokens.get(user) as Promise<string>;
  };
  /** One call; a network error or a 5xx is retried with the same key until `retryForMs` passes. */
  const call = async (method: string, path: string, user: string, body?: unknown, retryForMs = 60_000) => {
    const key = randomUUID();
    const deadline = Date.now() + retryForMs;
    for (;;) {
      const answer = await fetch(`${apiUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${await token(user)}`,
          'idempotency-key': key,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      }).then(
        async (res): Promise<Answer> => {
          const text = await res.text();
          return { status: res.status, body: text ? JSON.parse(text) : undefined };
        },
        () => undefined,
      );
      const retry = !answer || answer.status >= 500;
      if (!retry || Date.now() > deadline) return answer ?? { status: 0, body: undefined };
      await pause(1000);
    }
  };
  return { call };
}

export function sandboxClient(sandboxUrl: string) {
  const request = async (method: string, path: string, body?: unknown): Promise<Json> => {
    const res = await fetch(`${sandboxUrl}/_sandbox${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    if (!res.ok) throw new Error(`sandbox ${method} ${path}: HTTP ${res.status} ${await res.text()}`);
    return res.json();
  };
  return {
    setFaults: (faults: Record<string, number>) => request('POST', '/faults', faults),
    clearFaults: () => request('DELETE', '/faults'),
    cryptogram: async (cardNumber: string): Promise<string> =>
      (await request('POST', '/cryptogram', { cardNumber, expMonth: 12, expYear: 2030, cvv: '123' })).packet,
    payOrder: (orderId: string, cardNumber: string) => request('POST', `/orders/${orderId}/pay`, { cardNumber }),
    softDecline: (token: string, times: number) =>
      request('POST', `/tokens/${token}/behavior`, { reasonCode: 5051, times }),
    transactions: async (): Promise<Json[]> => (await request('GET', '/transactions')).items,
  };
}
export type SandboxClient = ReturnType<typeof sandboxClient>;
export type ApiClient = ReturnType<typeof apiClient>;
