// HTTP transport to YooKassa API v3: Basic auth (shopId:secretKey), JSON bodies, Idempotence-Key on every POST, a
// deadline per call, and a classification of every way a call can fail that never mistakes "no answer" for a refusal.
import { createHash } from 'node:crypto';
import { networkFailure } from '../network-failure.js';
import type { CallFailure } from '../provider.js';
import { tracedFetch } from '../traced-fetch.js';
import { errorSchema, type WireError } from './schemas.js';

export interface YooKassaClientOptions {
  /** e.g. `https://api.yookassa.ru/v3` (the sandbox: `http://localhost:8081/yookassa/v3`). */
  apiUrl: string;
  shopId: string;
  secretKey: string;
  /** Deadline for one call, in milliseconds. YooKassa itself gives up after 30 s. */
  timeoutMs?: number | undefined;
  fetch?: typeof fetch | undefined;
}

export type NoAnswer = { kind: 'no_answer'; outcome: 'not_sent' | 'unknown'; failure: CallFailure; raw: unknown };
export type CallResult =
  | { kind: 'ok'; body: unknown; raw: unknown }
  /** YooKassa read the request and refused it (400 invalid_request, 404 not_found): nothing happened. */
  | { kind: 'refused'; httpStatus: number; error: WireError; raw: unknown }
  | NoAnswer;

export interface YooKassaClient {
  get(path: string, query?: Record<string, string | undefined>): Promise<CallResult>;
  /** `idempotencyKey` is ours; it is sent as an Idempotence-Key YooKassa accepts (see `idempotenceKey`). */
  post(path: string, body: Record<string, unknown>, idempotencyKey: string): Promise<CallResult>;
}

const MAX_KEY_LENGTH = 64;

/** Our key as YooKassa's Idempotence-Key: unchanged when it fits (≤ 64 printable ASCII), else its SHA-256 in hex. */
export function idempotenceKey(ours: string): string {
  if (ours.length > 0 && ours.length <= MAX_KEY_LENGTH && /^[\x21-\x7e]+$/.test(ours)) return ours;
  return createHash('sha256').update(ours, 'utf8').digest('hex');
}

const noAnswer = (outcome: NoAnswer['outcome'], failure: CallFailure, raw: unknown): NoAnswer => ({
  kind: 'no_answer',
  outcome,
  failure,
  raw,
});

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** An HTTP answer → ours. Exported for tests; the table follows YooKassa's code list (reference §1.4). */
export function classifyAnswer(status: number, text: string): CallResult {
  const body = parseJson(text);
  const raw = body ?? text;
  const fail = (kind: CallFailure['kind'], retryable: boolean, message = `HTTP ${status}`): CallFailure => ({
    kind,
    message,
    httpStatus: status,
    retryable,
  });
  if (status === 401 || status === 403) return noAnswer('not_sent', fail('unauthorized', false), raw);
  if (status === 429) return noAnswer('not_sent', fail('rate_limited', true), raw);
  // 500 (and the legacy 202 "request_accepted"): it may have happened; the same key settles it.
  if (status >= 500 || status === 202) return noAnswer('unknown', fail('server_error', true), raw);
  if (status === 400 || status === 404) {
    const error = errorSchema.safeParse(body);
    if (error.success) return { kind: 'refused', httpStatus: status, error: error.data, raw };
    return noAnswer('unknown', fail('bad_response', false, `HTTP ${status} without an error body`), raw);
  }
  if (status !== 200) return noAnswer('unknown', fail('bad_response', false), raw);
  if (body === undefined || body === null || typeof body !== 'object') {
    return noAnswer('unknown', fail('bad_response', true, 'Answer is not a JSON object'), raw);
  }
  return { kind: 'ok', body, raw };
}

export function createYooKassaClient(options: YooKassaClientOptions): YooKassaClient {
  const doFetch = tracedFetch('yookassa', options.fetch);
  const timeoutMs = options.timeoutMs ?? 35_000;
  const base = options.apiUrl.replace(/\/+$/, '');
  const authorization = `Basic ${Buffer.from(`${options.shopId}:${options.secretKey}`).toString('base64')}`;

  async function send(method: 'GET' | 'POST', url: string, init: { body?: string; key?: string }) {
    const headers: Record<string, string> = { authorization, accept: 'application/json' };
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    if (init.key !== undefined) headers['idempotence-key'] = idempotenceKey(init.key);
    let response: Response;
    let text: string;
    try {
      response = await doFetch(url, { method, headers, body: init.body, signal: AbortSignal.timeout(timeoutMs) });
      text = await response.text();
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      if (name === 'TimeoutError' || name === 'AbortError') {
        return noAnswer(
          'unknown',
          { kind: 'timeout', message: `No answer within ${timeoutMs} ms`, retryable: true },
          null,
        );
      }
      const { outcome, failure } = networkFailure(error);
      return noAnswer(outcome, failure, null);
    }
    return classifyAnswer(response.status, text);
  }

  return {
    get(path, query = {}) {
      const params = new URLSearchParams();
      for (const [name, value] of Object.entries(query)) if (value !== undefined) params.set(name, value);
      const search = params.size > 0 ? `?${params.toString()}` : '';
      return send('GET', `${base}${path}${search}`, {});
    },
    post(path, body, key) {
      return send('POST', `${base}${path}`, { body: JSON.stringify(body), key });
    },
  };
}
