// HTTP transport to CloudPayments: Basic auth, JSON bodies, X-Request-ID, a deadline per call, and a
// classification of every way a call can fail that never mistakes "no answer" for a decline.

import { networkFailure } from '../network-failure.js';
import type { CallFailure } from '../provider.js';
import { tracedFetch } from '../traced-fetch.js';
import { type Envelope, envelopeSchema } from './schemas.js';

export interface CloudPaymentsClientOptions {
  apiUrl: string;
  publicId: string;
  apiSecret: string;
  /** Deadline for one call, in milliseconds. */
  timeoutMs?: number | undefined;
  fetch?: typeof fetch | undefined;
}

export type CallResult =
  | { kind: 'answer'; envelope: Envelope; raw: unknown; httpStatus: number }
  | { kind: 'no_answer'; outcome: 'not_sent' | 'unknown'; failure: CallFailure; raw: unknown };

export interface CloudPaymentsClient {
  /** POST `<apiUrl><path>`; `requestId` becomes `X-Request-ID` (always set it on calls that move money). */
  call(path: string, body: Record<string, unknown>, requestId?: string): Promise<CallResult>;
}

export function classifyHttpStatus(status: number): { outcome: 'not_sent' | 'unknown'; failure: CallFailure } | null {
  if (status === 401 || status === 403) {
    return {
      outcome: 'not_sent',
      failure: { kind: 'unauthorized', message: `HTTP ${status}`, httpStatus: status, retryable: false },
    };
  }
  if (status === 429) {
    return {
      outcome: 'not_sent',
      failure: { kind: 'rate_limited', message: 'HTTP 429', httpStatus: status, retryable: true },
    };
  }
  if (status >= 500) {
    return {
      outcome: 'unknown',
      failure: { kind: 'server_error', message: `HTTP ${status}`, httpStatus: status, retryable: true },
    };
  }
  if (status !== 200) {
    // Unexpected (404, 400…): we cannot read it as a transaction outcome, so nothing is assumed.
    return {
      outcome: 'unknown',
      failure: { kind: 'bad_response', message: `HTTP ${status}`, httpStatus: status, retryable: false },
    };
  }
  return null;
}

export function createCloudPaymentsClient(options: CloudPaymentsClientOptions): CloudPaymentsClient {
  const doFetch = tracedFetch('cloudpayments', options.fetch);
  const timeoutMs = options.timeoutMs ?? 15_000;
  const base = options.apiUrl.replace(/\/+$/, '');
  const authorization = `Basic ${Buffer.from(`${options.publicId}:${options.apiSecret}`).toString('base64')}`;

  return {
    async call(path, body, requestId) {
      const headers: Record<string, string> = {
        authorization,
        'content-type': 'application/json',
        accept: 'application/json',
      };
      if (requestId) headers['x-request-id'] = requestId;
      let response: Response;
      let text: string;
      try {
        response = await doFetch(`${base}${path}`, {
          method: 'POST',
          headers,
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(timeoutMs),
        });
        text = await response.text();
      } catch (error) {
        const name = error instanceof Error ? error.name : '';
        if (name === 'TimeoutError' || name === 'AbortError') {
          const message = `No answer within ${timeoutMs} ms`;
          return {
            kind: 'no_answer',
            outcome: 'unknown',
            failure: { kind: 'timeout', message, retryable: true },
            raw: null,
          };
        }
        return { kind: 'no_answer', ...networkFailure(error), raw: null };
      }
      const byStatus = classifyHttpStatus(response.status);
      if (byStatus) return { kind: 'no_answer', ...byStatus, raw: text };
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch {
        const failure: CallFailure = {
          kind: 'bad_response',
          message: 'Answer is not JSON',
          httpStatus: 200,
          retryable: true,
        };
        return { kind: 'no_answer', outcome: 'unknown', failure, raw: text };
      }
      const envelope = envelopeSchema.safeParse(raw);
      if (!envelope.success) {
        const failure: CallFailure = {
          kind: 'bad_response',
          message: 'Answer has no Success flag',
          httpStatus: 200,
          retryable: true,
        };
        return { kind: 'no_answer', outcome: 'unknown', failure, raw };
      }
      return { kind: 'answer', envelope: envelope.data, raw, httpStatus: response.status };
    },
  };
}
