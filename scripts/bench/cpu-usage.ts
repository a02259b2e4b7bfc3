// Where the CPU went while renewing, in cores busy: this process (API, worker, activities), the Temporal dev server
// (our child), our PostgreSQL (its postmaster and backends), the sandbox acquirer (its own process: the acquirer's
// work is not ours), and the rest of the machine: other work on this shared machine, i.e. the noise. Linux /proc only; elsewhere the figures are NaN.
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

export interface CpuSample {
  atMs: number;
  selfMs: number;
  temporalMs: number;
  postgresMs: number;
  acquirerMs: number;
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

interface ProcessStat {
  pid: number;
  parent: number;
  comm: string;
  cpuMs: number;
}

function processStats(): ProcessStat[] {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .flatMap((pid) => {
      const stat = read(`/proc/${pid}/stat`);
      if (!stat) return [];
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      return [{ pid: Number(pid), parent, comm, cpuMs: processCpuMs(stat) }];
    });
}

const sum = (stats: ProcessStat[]) => (stats.length ? stats.reduce((t, s) => t + s.cpuMs, 0) : Number.NaN);

/** The postmaster listening on `port` (found by its command line) and every process it forked. */
function postgresCpuMs(stats: ProcessStat[], port: number): number {
  const postmaster = stats.find(
    (s) => s.comm === 'postgres' && read(`/proc/${s.pid}/cmdline`)?.split('\0').join(' ').includes(`-p ${port} `),
  );
  return postmaster ? sum(stats.filter((s) => s.pid === postmaster.pid || s.parent === postmaster.pid)) : Number.NaN;
}

function machineBusyMs(): number {
  const [, ...ticks] = (read('/proc/stat')?.split('\n')[0] ?? '').trim().split(/\s+/).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = ticks;
  return ticks.length ? ((user + nice + system + irq + softirq + steal) * 1000) / TICKS_PER_SECOND : Number.NaN;
}

export function sampleCpu(postgresPort: number, acquirerPid?: number): CpuSample {
  const self = process.cpuUsage();
  const stats = processStats();
  return {
    atMs: Date.now(),
    selfMs: (self.user + self.system) / 1000,
    temporalMs: sum(stats.filter((s) => s.comm === 'temporal' && s.parent === process.pid)),
    postgresMs: postgresCpuMs(stats, postgresPort),
    acquirerMs: sum(stats.filter((s) => s.pid === acquirerPid)),
    machineBusyMs: machineBusyMs(),
  };
}

/** CPU between two samples by owner, each divided by `per` (the wall time: cores busy; a count: ms per item). */
export function cpuSplit(from: CpuSample, to: CpuSample, per: number) {
  const share = (key: Exclude<keyof CpuSample, 'atMs'>) => (to[key] - from[key]) / per;
  const [self, temporal, postgres] = [share('selfMs'), share('temporalMs'), share('postgresMs')];
  // No sandbox process sampled: NaN, shown as nothing of the acquirer's.
  const acquirer = share('acquirerMs') || 0;
  const others = share('machineBusyMs') - self - temporal - postgres - acquirer;
  return { self, temporal, postgres, acquirer, others };
}

export function coresBusy(from: CpuSample, to: CpuSample) {
  const ours = to.selfMs - from.selfMs + (to.temporalMs - from.temporalMs) + (to.postgresMs - from.postgresMs);
  return { ...cpuSplit(from, to, to.atMs - from.atMs), oursMs: ours };
}
