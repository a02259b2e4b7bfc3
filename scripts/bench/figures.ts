// From raw timings and run summaries to the printed figures, and the project/floor table.
import type { coresBusy } from './cpu-usage.js';
import type { RunSummary } from './run-history.js';

export interface PhaseResult {
  name: string;
  n: number;
  dueAt: Date;
  /** When each renewal was persisted (renewed ones only). */
  persistedAt: Date[];
  /** The run that renewed, per subscription. */
  runs: RunSummary[];
  /** Runs whose `paymentResult` signal arrived only after they had continued-as-new. */
  signalsInNextRun?: number;
  /** Cores busy from the due instant until every renewal was seen persisted. */
  cpu: ReturnType<typeof coresBusy>;
}

export interface Figures {
  renewed: number;
  renewalsPerSecond: number;
  latenessP50Ms: number;
  latenessP99Ms: number;
  /** CPU time of this process, Temporal and our PostgreSQL from the due instant until the last renewal, per renewal. */
  cpuMsPerRenewal: number;
  eventsPerPeriod: number;
  workflowTasksPerRenewal: number;
  runsWithPaymentSignal: number;
}

/** Nearest-rank percentile; NaN for no values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

export function figuresOf(result: PhaseResult): Figures {
  const lateness = result.persistedAt.map((at) => at.getTime() - result.dueAt.getTime());
  const span = Math.max(...lateness);
  return {
    renewed: result.persistedAt.length,
    renewalsPerSecond: result.persistedAt.length / (span / 1000),
    latenessP50Ms: percentile(lateness, 50),
    latenessP99Ms: percentile(lateness, 99),
    cpuMsPerRenewal: result.cpu.oursMs / result.persistedAt.length,
    eventsPerPeriod: percentile(
      result.runs.map((r) => r.events),
      50,
    ),
    workflowTasksPerRenewal: percentile(
      result.runs.map((r) => r.workflowTasks),
      50,
    ),
    runsWithPaymentSignal: result.runs.filter((r) => r.signals.includes('paymentResult')).length,
  };
}

/** `min–max` of a per-run count, when the runs differ. */
export function spreadOf(runs: readonly RunSummary[], pick: (r: RunSummary) => number): string {
  const values = runs.map(pick);
  const [min, max] = [Math.min(...values), Math.max(...values)];
  return min === max ? '' : ` (${min}–${max})`;
}

const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : '—');

export function comparisonTable(project: Figures, floor: Figures): string {
  const rows: Array<[string, number, number, number]> = [
    ['renewals/s', project.renewalsPerSecond, floor.renewalsPerSecond, 1],
    ['lateness p50 (ms)', project.latenessP50Ms, floor.latenessP50Ms, 0],
    ['lateness p99 (ms)', project.latenessP99Ms, floor.latenessP99Ms, 0],
    ['CPU ms / renewal', project.cpuMsPerRenewal, floor.cpuMsPerRenewal, 1],
    ['history events / paid period', project.eventsPerPeriod, floor.eventsPerPeriod, 0],
    ['workflow tasks / renewal', project.workflowTasksPerRenewal, floor.workflowTasksPerRenewal, 0],
  ];
  const lines = [`${'figure'.padEnd(30)}${'project'.padStart(10)}${'floor'.padStart(10)}${'ratio'.padStart(9)}`];
  for (const [label, p, f, digits] of rows) {
    const ratio = `${fixed(p / f, 2)}×`;
    lines.push(
      `${label.padEnd(30)}${fixed(p, digits).padStart(10)}${fixed(f, digits).padStart(10)}${ratio.padStart(9)}`,
    );
  }
  return lines.join('\n');
}
