// `npm run bench:renewals [-- --n 200 --order floor,project --events]`: renewals of N subscriptions falling due
// together, against a bare floor on the same Temporal server and PostgreSQL, started and torn down here.
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { type BenchStack, startBenchStack } from './bench-stack.js';
import { comparisonTable, type Figures, figuresOf, type PhaseResult, percentile, spreadOf } from './figures.js';
import { runFloorPhase } from './floor-phase.js';
import type { PhaseOptions } from './measured-runs.js';
import { runProjectPhase } from './project-phase.js';
import { numberedEventTypes } from './run-history.js';

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '200' },
    order: { type: 'string', default: 'floor,project' },
    events: { type: 'boolean', default: false },
  },
});
const n = Number(values.n);
if (!Number.isInteger(n) || n < 1) throw new Error(`--n must be a positive integer, got ${values.n}`);
const order = (values.order ?? '').split(',');
if ([...order].sort().join(',') !== 'floor,project') throw new Error('--order must name floor and project once each');
const phaseOptions = (leadMs: number): PhaseOptions => ({ n, leadMs, budgetMs: 120_000 + 500 * n });
const phases: Record<string, (stack: BenchStack) => Promise<PhaseResult>> = {
  // Seeding (a sandbox charge per subscription, 4 at a time) happens inside the project's lead time.
  project: (stack) => runProjectPhase(stack, phaseOptions(20_000 + 60 * n)),
  floor: (stack) => runFloorPhase(stack, phaseOptions(10_000 + 20 * n)),
};

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

function printPhase(result: PhaseResult, figures: Figures) {
  const runs = result.runs;
  console.log(`\n${result.name}: ${figures.renewed}/${result.n} renewed, due at ${result.dueAt.toISOString()}`);
  console.log(`  renewals/s                    ${figures.renewalsPerSecond.toFixed(1)}`);
  console.log(`  lateness p50 / p99 (ms)       ${figures.latenessP50Ms} / ${figures.latenessP99Ms}`);
  console.log(`  history events / paid period  ${figures.eventsPerPeriod}${spreadOf(runs, (r) => r.events)}`);
  console.log(
    `  workflow tasks / renewal      ${figures.workflowTasksPerRenewal}${spreadOf(runs, (r) => r.workflowTasks)}`,
  );
  console.log(`  paymentResult signal in run   ${figures.runsWithPaymentSignal}/${runs.length} runs`);
  if (result.signalsInNextRun !== undefined) {
    console.log(`    … arrived in the next run   ${result.signalsInNextRun}/${runs.length} runs`);
  }
  console.log(
    `  activities retried            ${figures.retriedActivities} (runs with one: ${runs.filter((r) => r.retriedActivities > 0).length})`,
  );
  console.log(`  load average after            ${load()}`);
  if (values.events) {
    const median = percentile(
      runs.map((r) => r.events),
      50,
    );
    const typical = runs.find((r) => r.events === median);
    console.log(`  one paid period, event by event (a run of ${median} events):`);
    for (const line of numberedEventTypes(typical?.eventTypes ?? [])) console.log(`  ${line}`);
  }
}

console.log(`bench:renewals  N=${n}  cores=${cpus().length} (${cpus()[0]?.model.trim()})  node ${process.version}`);
console.log(`load average before: ${load()} (1, 5, 15 min)`);
const stack = await startBenchStack();
const stop = () => void stack.close().then(() => process.exit(130));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
const figures: Record<string, Figures> = {};
try {
  for (const name of order) {
    const result = await (phases[name] as (stack: BenchStack) => Promise<PhaseResult>)(stack);
    figures[name] = figuresOf(result);
    printPhase(result, figures[name]);
  }
} finally {
  await stack.close();
}
const { project, floor } = figures;
if (project && floor) console.log(`\nproject / floor, N=${n}\n${comparisonTable(project, floor)}`);
