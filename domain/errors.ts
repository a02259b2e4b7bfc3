// Typed errors with stable snake_case codes. The API maps them to { error: { code, message, details } };
// activities turn them into ApplicationFailures whose `type` is the same code.
export type ErrorDetails = Record<string, unknown>;

export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly details: ErrorDetails = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  constructor(message: string, details: ErrorDetails = {}) {
    super('validation_failed', message, 400, details);
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = 'Missing or invalid bearer token') {
    super('unauthorized', message, 401);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'This operation needs the admin role') {
    super('forbidden', message, 403);
  }
}

export class NotFoundError extends AppError {
  constructor(resource: string, id: string, code = `${resource}_not_found`) {
    super(code, `${resource.replace(/_/g, ' ')} ${id} was not found`, 404, { id });
  }
}

export class ConflictError extends AppError {
  constructor(code: string, message: string, details: ErrorDetails = {}) {
    super(code, message, 409, details);
  }
}

export class InvalidStateError extends AppError {
  constructor(operation: string, current: string, expected: readonly string[]) {
    super('invalid_state', `Cannot ${operation} while ${current}`, 409, { operation, current, expected });
  }
}

export class UnavailableError extends AppError {
  constructor(code: string, message: string, details: ErrorDetails = {}) {
    super(code, message, 503, details);
  }
}
