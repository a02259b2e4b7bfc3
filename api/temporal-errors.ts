import {
  ApplicationFailure,
  isGrpcServiceError,
  ServiceError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { AppError, ConflictError, InvalidStateError, UnavailableError } from '../domain/errors.js';

const STATUS_BY_TYPE: Record<string, number> = {
  invalid_state: 409,
  subscription_exists: 409,
  plan_change_not_allowed: 409,
  payment_declined: 402,
  payment_link_refused: 502,
  acquirer_unavailable: 503,
  refund_exceeds_captured: 422,
  payment_not_refundable: 409,
  payment_not_found: 404,
};

/** Turns a failed Temporal update into the API's typed error, by the failure's explicit `type`. */
export function fromUpdateFailure(error: unknown): unknown {
  if (!(error instanceof WorkflowUpdateFailedError)) return error;
  let cause: unknown = error.cause;
  while (cause && !(cause instanceof ApplicationFailure) && cause instanceof Error) cause = cause.cause;
  if (!(cause instanceof ApplicationFailure) || !cause.type) return error;
  const status = STATUS_BY_TYPE[cause.type];
  if (!status) return error;
  const details = (cause.details?.[0] as Record<string, unknown> | undefined) ?? {};
  return status === 409
    ? new ConflictError(cause.type, cause.message, details)
    : new AppError(cause.type, cause.message, status, details);
}

/** What to say when the workflow asked has already ended: its state no longer allows the operation (409). */
export interface EndedWorkflowRefusal {
  operation: string;
  current: string;
  expected: readonly string[];
}

export async function mapUpdateErrors<T>(run: () => Promise<T>, whenEnded?: EndedWorkflowRefusal): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (whenEnded && error instanceof WorkflowNotFoundError) {
      throw new InvalidStateError(whenEnded.operation, whenEnded.current, whenEnded.expected);
    }
    if (updateLimitReached(error)) {
      throw new UnavailableError(
        'subscription_busy',
        'This subscription is taking too many requests at once; try again',
      );
    }
    throw fromUpdateFailure(error);
  }
}

/**
 * Temporal refused the update: its run has taken as many as the server allows (2000). The subscription workflow
 * continues-as-new well before that, so this is a flood of requests; it passes as the run moves on.
 */
function updateLimitReached(error: unknown): boolean {
  const cause = error instanceof ServiceError ? error.cause : undefined;
  return (
    isGrpcServiceError(cause) && cause.code === FAILED_PRECONDITION && /limit on the total number/.test(cause.details)
  );
}
const FAILED_PRECONDITION = 9;
