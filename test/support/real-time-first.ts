import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The whole-stack tests that wait on real minutes, longest first. They are idle most of the time, so they start before
 * everything else and overlap it; started last (a fresh clone has no timings yet, and vitest would then run larger
 * files first), the longest alone would add its two minutes to the run.
 */
export const REAL_TIME_TESTS = [
  'test/e2e/chaos.test.ts',
  'test/subscriptions/worker-crash.test.ts',
  'test/e2e/demo-minute.test.ts',
  'test/subscriptions/renewals.test.ts',
  'test/e2e/acquirer-scenarios.test.ts',
  'test/e2e/dev-stack.test.ts',
];

/** Vitest's own order (failed first, then slowest first), with the real-time tests moved to the front. */
export class RealTimeFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (spec: TestSpecification) => {
      const index = REAL_TIME_TESTS.findIndex((path) => spec.moduleId.endsWith(path));
      return index === -1 ? REAL_TIME_TESTS.length : index;
    };
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}
