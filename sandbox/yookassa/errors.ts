// YooKassa's error answers: `{type:"error", id, code, description, parameter}` with the HTTP status of its code table.
import { randomUUID } from 'node:crypto';

export type YooKassaErrorCode =
  | 'invalid_request'
  | 'not_supported'
  | 'invalid_credentials'
  | 'forbidden'
  | 'not_found'
  | 'too_many_requests'
  | 'internal_server_error';

export const STATUS_OF: Record<YooKassaErrorCode, number> = {
  invalid_request: 400,
  not_supported: 400,
  invalid_credentials: 401,
  forbidden: 403,
  not_found: 404,
  too_many_requests: 429,
  internal_server_error: 500,
};

export class YooKassaError extends Error {
  constructor(
    readonly code: YooKassaErrorCode,
    readonly description: string,
    readonly parameter?: string | undefined,
    /** For the answers without a code of their own (415 wrong content type). */
    private readonly httpStatus?: number | undefined,
  ) {
    super(description);
    this.name = 'YooKassaError';
  }
  get status(): number {
    return this.httpStatus ?? STATUS_OF[this.code];
  }
  body() {
    return {
      type: 'error',
      id: randomUUID(),
      code: this.code,
      description: this.description,
      ...(this.parameter ? { parameter: this.parameter } : {}),
    };
  }
}

export const invalid = (description: string, parameter?: string) =>
  new YooKassaError('invalid_request', description, parameter);
