// `npm run bench:renewals [-- --n 200 --order floor,project --events --acquirer-limit 30 --db-pool 10
// --floor-search-attributes]`: renewals of N subscriptions falling due
// together, against a bare floor on the same Temporal server and PostgreSQL, started and torn down here.
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import {
  acquirerLimitEnv,
  type BenchStack,
  LIVE_TERMINAL_CONCURRENT_REQUESTS,
  startBenchStack,
} from './bench-stack.js';
import { comparisonTable, type Figures, figuresOf, type PhaseResult } from './figures.js';
import { runFloorPhase } from './floor-phase.js';
import type { PhaseOptions } from './measured-runs.js';
import { loadAverage, printPhase } from './phase-report.js';
import { runProjectPhase } from './project-phase.js';

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '200' },
    order: { type: 'string', default: 'floor,project' },
    events: { type: 'boolean', default: false },
    'acquirer-limit': { type: 'string', default: String(LIVE_TERMINAL_CONCURRENT_REQUESTS) },
    'db-pool': { type: 'string', default: '10' },
    'floor-search-attributes': { type: 'boolean', default: false },
  },
});
const n = Number(values.n);
if (!Number.isInteger(n) || n < 1) throw new Error(`--n must be a positive integer, got ${values.n}`);
const acquirerLimit = Number(values['acquirer-limit']);
if (!Number.isInteger(acquirerLimit) || acquirerLimit < 1)
  throw new Error('--acquirer-limit must be a positive integer');
const order = (values.order ?? '').split(',');
if ([...order].sort().join(',') !== 'floor,project') throw new Error('--order must name floor and project once each');
const phaseOptions = (leadMs: number): PhaseOptions => ({
  n,
  leadMs,
  budgetMs: 120_000 + 500 * n,
  floorSearchAttributes: values['floor-search-attributes'] === true,
});
const phases: Record<string, (stack: BenchStack) => Promise<PhaseResult>> = {
  // Seeding (a sandbox charge per subscription, 4 at a time) happens inside the project's lead time.
  project: (stack) => runProjectPhase(stack, phaseOptions(20_000 + 60 * n)),
  floor: (stack) => runFloorPhase(stack, phaseOptions(10_000 + 20 * n)),
};

console.log(`bench:renewals  N=${n}  cores=${cpus().length} (${cpus()[0]?.model.trim()})  node ${process.version}`);
console.log(`load average before: ${loadAverage()} (1, 5, 15 min)`);
console.log(`acquirer: at most ${acquirerLimit} requests at once (--acquirer-limit; 30 a live terminal, 5 a test one)`);
const stack = await startBenchStack({
  ...acquirerLimitEnv(acquirerLimit),
  DATABASE_POOL_SIZE: String(values['db-pool']),
});
const stop = () => void stack.close().then(() => process.exit(130));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
const figures: Record<string, Figures> = {};
try {
  for (const name of order) {
    const result = await (phases[name] as (stack: BenchStack) => Promise<PhaseResult>)(stack);
    figures[name] = figuresOf(result);
    printPhase(result, figures[name], { events: values.events ?? false });
  }
} finally {
  await stack.close();
}
const { project, floor } = figures;
if (project && floor) console.log(`\nproject / floor, N=${n}\n${comparisonTable(project, floor)}`);
