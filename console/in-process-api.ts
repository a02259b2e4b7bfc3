import { randomUUID } from 'node:crypto';
import type { App } from '../api/app-env.js';

// biome-ignore lint/suspicious/noExplicitAny: the admin API's JSON answers, read by the pages as they are documented
export type Json = any;

export interface ApiAnswer {
  ok: boolean;
  status: number;
  body: Json;
}

/**
 * The console's only way to read or change anything: the admin API itself, called in-process with the operator's
 * token, so its validation, access policy, idempotency and audit (with the operator's `sub`) apply unchanged.
 */
export function inProcessApi(
  app: App,
  token: string,
  caller: { env?: unknown; forwardedFor?: string | undefined } = {},
) {
  const call = async (method: string, path: string, body?: unknown, idempotencyKey?: string): Promise<ApiAnswer> => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET') headers['idempotency-key'] = idempotencyKey ?? randomUUID();
    if (caller.forwardedFor) headers['x-forwarded-for'] = caller.forwardedFor;
    // The operator's own connection (the server's env) comes along, so per-IP rate limits count their address.
    const res = await app.request(
      path,
      { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) },
      caller.env as never,
    );
    const text = await res.text();
    return { ok: res.ok, status: res.status, body: text ? JSON.parse(text) : null };
  };
  return {
    call,
    /** A GET whose failure is the page's failure. */
    async get(path: string): Promise<Json> {
      const answer = await call('GET', path);
      if (!answer.ok) throw new ConsoleApiError(answer);
      return answer.body;
    },
    /** A GET where 404 means "no such thing". */
    async find(path: string): Promise<Json | undefined> {
      const answer = await call('GET', path);
      if (answer.status === 404 || answer.status === 400) return undefined;
      if (!answer.ok) throw new ConsoleApiError(answer);
      return answer.body;
    },
  };
}

export type InProcessApi = ReturnType<typeof inProcessApi>;

export class ConsoleApiError extends Error {
  constructor(readonly answer: ApiAnswer) {
    super(`admin API answered ${answer.status} ${answer.body?.error?.code ?? ''}`);
  }
}
