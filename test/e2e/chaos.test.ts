// `npm run chaos` in small: the topology as separate processes, 10 one-minute subscriptions, 2 minutes of faults.
// The run itself decides (exit code); this asserts it ran to the end, printed every invariant, and found none broken.
import { describe, expect, it } from 'vitest';
import { INVARIANTS } from '../../scripts/chaos/invariants.js';
import { startEntry } from '../support/entry-process.js';

async function runChaos(args: string[]): Promise<{ code: number; output: string }> {
  const run = startEntry('scripts/chaos/main.ts', args, {});
  const code = await run.exited;
  return { code, output: run.output() };
}

describe('npm run chaos (small)', () => {
  it(
    'kills workers, the API and Temporal under acquirer faults, settles, and every invariant holds',
    async () => {
      const { code, output } = await runChaos(['--subscriptions', '10', '--minutes', '2', '--seed', '12']);
      for (const name of Object.keys(INVARIANTS)) expect(output).toMatch(new RegExp(`^\\s+0  ${name}:`, 'm'));
      expect(output).toContain('chaos: every invariant holds');
      expect(output).toMatch(/faults injected: .*kill-api=\d.*/);
      expect(code, output).toBe(0);
    },
    15 * 60_000,
  );
});
