import { ServiceError, WorkflowNotFoundError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { mapUpdateErrors } from '../../api/temporal-errors.js';

const grpcError = (code: number, details: string) => Object.assign(new Error(details), { code, details, metadata: {} });
const refused = (error: unknown) => mapUpdateErrors(() => Promise.reject(error), undefined);

describe('mapUpdateErrors', () => {
  it("a run that reached Temporal's update limit is 503 subscription_busy, not a 500", async () => {
    const limit = grpcError(
      9,
      'The limit on the total number of distinct updates in this workflow has been reached (2000). Make sure any duplicate updates share an Update ID.',
    );
    await expect(refused(new ServiceError('Workflow Update failed', { cause: limit }))).rejects.toMatchObject({
      code: 'subscription_busy',
      status: 503,
    });
  });
  it('another failed precondition is left as it is', async () => {
    const other = new ServiceError('Workflow Update failed', { cause: grpcError(9, 'something else') });
    await expect(refused(other)).rejects.toBe(other);
  });
  it('an ended workflow is 409 invalid_state naming what the operation expects', async () => {
    const ended = mapUpdateErrors(() => Promise.reject(new WorkflowNotFoundError('gone', 'w', undefined)), {
      operation: 'cancel',
      current: 'canceled',
      expected: ['active'],
    });
    await expect(ended).rejects.toMatchObject({ code: 'invalid_state', status: 409 });
  });
});
