// One phase's figures as printed, and optionally one typical paid period event by event.
import { loadavg } from 'node:os';
import { type Figures, type PhaseResult, percentile, spreadOf } from './figures.js';
import { numberedEventTypes } from './run-history.js';

export const loadAverage = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

const row = (label: string, value: string | number) => console.log(`  ${label.padEnd(34)}${value}`);

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
  row('activity retried', ofRuns(runs.filter((r) => r.retriedActivities > 0).length));
  const cores = (c: number) => c.toFixed(2);
  row(
    'cores busy while renewing',
    `this process ${cores(cpu.self)}, Temporal ${cores(cpu.temporal)}, PostgreSQL ${cores(cpu.postgres)}, ` +
      `other work on the machine ${cores(cpu.others)}`,
  );
  row('load average after', loadAverage());
  if (!events) return;
  const median = percentile(
    runs.map((r) => r.events),
    50,
  );
  const typical = runs.find((r) => r.events === median);
  console.log(`  one paid period (a run of ${median} events), event by event:`);
  for (const line of numberedEventTypes(typical?.eventTypes ?? [])) console.log(`  ${line}`);
}
