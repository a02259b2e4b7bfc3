import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.js';
import { body } from '../support/http.js';

/**
 * The body guards read every JSON leaf of a request. A body with a few hundred thousand leaves (a 10,000-row import
 * has over 100,000) once overflowed the call stack there and answered 500; it must reach validation like any other.
 */
describe('a request body with very many JSON leaves', () => {
  let h: Harness;
  let admin: string;

  beforeAll(async () => {
    h = await startHarness({}, { worker: false });
    admin = `Bearer ${await h.token('op-leaves', { admin: true })}`;
  });
  afterAll(async () => {
    await h?.close();
  });

  it('is answered 400 validation_failed, not a 500 from the guards', async () => {
    const res = await fetch(`${h.apiUrl}/v1/plans`, {
      method: 'POST',
      headers: { authorization: admin, 'content-type': 'application/json' },
      body: JSON.stringify({ id: 7, extra: Array.from({ length: 300_000 }, () => 0) }),
    });
    expect(res.status).toBe(400);
    expect((await body(res)).error.code).toBe('validation_failed');
  });
});
