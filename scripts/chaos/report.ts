// The printed result of a run: what was done to the stack, then each invariant with its count and its offenders.
import { INVARIANTS, type InvariantName } from './invariants.js';
import type { ChaosOptions } from './options.js';
import type { ChaosLog } from './schedule.js';
import type { Settled } from './settle.js';
import type { Traffic } from './traffic.js';

const SHOWN = 15;
const line = (entries: Record<string, number>) =>
  Object.entries(entries)
    .map(([k, n]) => `${k}=${n}`)
    .join(' ') || '-';

export function printReport(input: {
  options: ChaosOptions;
  chaos: ChaosLog;
  traffic: Traffic;
  unexpectedExits: Record<string, number>;
  discrepancies: Record<string, number>;
  settled: Settled;
}): number {
  const { options, chaos, traffic, settled } = input;
  const out: string[] = ['', '=== chaos run ==='];
  out.push(`seed ${options.seed}, ${options.subscriptions} subscriptions, ${options.minutes} min of faults`);
  out.push(`faults injected: ${line(chaos.events)}`);
  out.push(`user actions:    ${line(traffic.actions)}`);
  out.push(`exits nobody asked for: ${line(input.unexpectedExits)}`);
  out.push(`reconciliation discrepancies recorded: ${line(input.discrepancies)}`);
  for (const problem of [...chaos.errors, ...traffic.failures].slice(0, SHOWN)) out.push(`  note: ${problem}`);
  out.push(`settled: ${settled.settled ? 'yes' : 'NO (deadline passed)'} after ${settled.seconds} s`);
  out.push('', '=== invariants (violations lasting past the grace period) ===');
  let total = 0;
  for (const [name, description] of Object.entries(INVARIANTS) as Array<[InvariantName, string]>) {
    const lines = settled.lasting[name];
    total += lines.length;
    out.push(`${String(lines.length).padStart(4)}  ${name}: ${description}`);
    for (const l of lines.slice(0, SHOWN)) out.push(`        - ${l}`);
    if (lines.length > SHOWN) out.push(`        … and ${lines.length - SHOWN} more`);
  }
  out.push('', total === 0 ? 'chaos: every invariant holds' : `chaos: ${total} violation(s)`);
  console.log(out.join('\n'));
  return total;
}
