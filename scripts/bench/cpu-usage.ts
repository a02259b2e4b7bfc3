// Where the CPU went while renewing, in cores busy: this process (API, sandbox, worker, activities), the Temporal
// dev server (our child), and the whole machine, which also counts PostgreSQL and whatever else runs here.
// Linux /proc only; elsewhere the figures are NaN.
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

export interface CpuSample {
  atMs: number;
  selfMs: number;
  temporalMs: number;
  machineBusyMs: number;
}

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** utime + stime of a process from /proc/<pid>/stat, in ms; fields counted after the `(comm)` part. */
function processCpuMs(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

function temporalServerCpuMs(): number {
  let total = Number.NaN;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    const stat = read(`/proc/${pid}/stat`);
    if (!stat?.includes('(temporal)')) continue;
    const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (parent === process.pid) total = (Number.isNaN(total) ? 0 : total) + processCpuMs(stat);
  }
  return total;
}

function machineBusyMs(): number {
  const [, ...ticks] = (read('/proc/stat')?.split('\n')[0] ?? '').trim().split(/\s+/).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = ticks;
  return ticks.length ? ((user + nice + system + irq + softirq + steal) * 1000) / TICKS_PER_SECOND : Number.NaN;
}

export function sampleCpu(): CpuSample {
  const self = process.cpuUsage();
  return {
    atMs: Date.now(),
    selfMs: (self.user + self.system) / 1000,
    temporalMs: temporalServerCpuMs(),
    machineBusyMs: machineBusyMs(),
  };
}

export function coresBusy(from: CpuSample, to: CpuSample) {
  const wall = to.atMs - from.atMs;
  return {
    self: (to.selfMs - from.selfMs) / wall,
    temporal: (to.temporalMs - from.temporalMs) / wall,
    machine: (to.machineBusyMs - from.machineBusyMs) / wall,
  };
}
