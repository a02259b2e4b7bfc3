// One phase's figures as printed, and optionally its most common paid period event by event, each event with its
// median time from the due instant over the runs of that same shape.
import { loadavg } from 'node:os';
import { type Figures, type PhaseResult, percentile, spreadOf } from './figures.js';

export const loadAverage = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

const row = (label: string, value: string | number) => console.log(`  ${label.padEnd(34)}${value}`);

/** `a ×2, b` for the distinct values of a list, most frequent first. */
function tally(values: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([v, c]) => (c > 1 ? `${v} ×${c}` : v))
    .join(', ');
}

function printCommonPeriod(result: PhaseResult) {
  const shapes = new Map<string, PhaseResult['runs']>();
  for (const run of result.runs) {
    const key = run.eventTypes.join(' ');
    shapes.set(key, [...(shapes.get(key) ?? []), run]);
  }
  const [common = []] = [...shapes.values()].sort((a, b) => b.length - a.length);
  const types = common[0]?.eventTypes ?? [];
  const due = result.dueAt.getTime();
  console.log(`  most common paid period (${common.length}/${result.runs.length} runs), ms after the due instant:`);
  for (const [i, type] of types.entries()) {
    const at = percentile(
      common.map((r) => (r.eventTimes[i] ?? Number.NaN) - due),
      50,
    );
    console.log(`  ${String(i + 1).padStart(4)}  ${String(at).padStart(7)}  ${type}`);
  }
}

export function printPhase(result: PhaseResult, figures: Figures, { events }: { events: boolean }) {
  const { runs, cpu } = result;
  const ofRuns = (count: number) => `${count}/${runs.length} runs`;
  console.log(`\n${result.name}: ${figures.renewed}/${result.n} renewed, due at ${result.dueAt.toISOString()}`);
  row('renewals/s', figures.renewalsPerSecond.toFixed(1));
  row('lateness p50 / p99 (ms)', `${figures.latenessP50Ms} / ${figures.latenessP99Ms}`);
  row('history events / paid period', `${figures.eventsPerPeriod}${spreadOf(runs, (r) => r.events)}`);
  row('workflow tasks / renewal', `${figures.workflowTasksPerRenewal}${spreadOf(runs, (r) => r.workflowTasks)}`);
  row('paymentResult signal in the run', ofRuns(figures.runsWithPaymentSignal));
  if (result.signalsInNextRun !== undefined) row('… only in the next run', ofRuns(result.signalsInNextRun));
  row('workflow task timed out', ofRuns(runs.filter((r) => r.workflowTaskTimeouts > 0).length));
  const retried = runs.flatMap((r) => r.retried);
  row('activity retried', `${ofRuns(runs.filter((r) => r.retried.length > 0).length)} ${tally(retried)}`.trim());
  const cores = (c: number) => c.toFixed(2);
  row(
    'cores busy while renewing',
    `this process ${cores(cpu.self)}, Temporal ${cores(cpu.temporal)}, PostgreSQL ${cores(cpu.postgres)}, ` +
      `the acquirer (sandbox) ${cores(cpu.acquirer)}, other work on the machine ${cores(cpu.others)}`,
  );
  row('CPU ms / renewal (all three)', figures.cpuMsPerRenewal.toFixed(1));
  row('load average after', loadAverage());
  if (events) printCommonPeriod(result);
}
