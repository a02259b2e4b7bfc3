// The fast tier builds its time-skipping environment through the SDK's private TestWorkflowEnvironment.create (see
// test/support/time-skipping-server.ts); an SDK upgrade that renames it must fail here by name, not as 40 files.
import { describe, expect, it } from 'vitest';
import { sdkCreate } from '../support/time-skipping-server.js';

describe('the time-skipping launch', () => {
  it("finds the SDK's environment factory that createTimeSkipping itself uses", () => {
    expect(typeof sdkCreate()).toBe('function');
  });
});
