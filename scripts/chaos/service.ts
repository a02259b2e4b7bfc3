// One of the topology's processes (API, worker, sandbox) as its own Node process, supervised the way a process
// manager would: it is killed on purpose by the chaos schedule and started again; an exit nobody asked for is counted
// (the summary shows it) and restarted too, so the run goes on and says what crashed.
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '../..');

export interface ServiceSpec {
  name: string;
  /** Entry file relative to the repository root, run with tsx's loader in this Node. */
  entry: string;
  args?: string[];
  env: Record<string, string>;
  logFile: string;
  /** Resolves once the process serves; rejects past its deadline. */
  ready?: (deadlineMs: number) => Promise<void>;
}

export interface Service {
  readonly name: string;
  start(): Promise<void>;
  /** Kills with `signal` and waits for the exit; no restart. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** SIGKILL (or `signal`), then start again. */
  restart(signal?: NodeJS.Signals): Promise<void>;
  unexpectedExits(): number;
}

export function createService(spec: ServiceSpec): Service {
  let child: ChildProcess | undefined;
  let intended = false;
  let unexpected = 0;
  let stopped = false;

  const spawnOnce = () => {
    const log = openSync(spec.logFile, 'a');
    const proc = spawn(process.execPath, ['--import', 'tsx', spec.entry, ...(spec.args ?? [])], {
      cwd: root,
      env: { ...process.env, ...spec.env },
      stdio: ['ignore', log, log],
    });
    closeSync(log);
    intended = false;
    child = proc;
    proc.once('exit', (code, signal) => {
      if (child !== proc || intended || stopped) return;
      unexpected += 1;
      console.log(`[chaos] ${spec.name} exited on its own (${code ?? signal}); restarting it`);
      setTimeout(() => {
        if (!stopped && child === proc) void start().catch((e) => console.log(`[chaos] ${spec.name}: ${e}`));
      }, 1000);
    });
    return proc;
  };

  const start = async () => {
    spawnOnce();
    await spec.ready?.(90_000);
  };

  const kill = async (signal: NodeJS.Signals) => {
    const proc = child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    intended = true;
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill(signal);
    const escalate = setTimeout(() => proc.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(escalate);
  };

  return {
    name: spec.name,
    start,
    async stop(signal = 'SIGTERM') {
      stopped = true;
      await kill(signal);
    },
    async restart(signal = 'SIGKILL') {
      await kill(signal);
      await start();
    },
    unexpectedExits: () => unexpected,
  };
}

/** Polls `url` until it answers 2xx or `deadlineMs` passes. */
export async function untilHttpOk(url: string, deadlineMs: number): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const answer = await fetch(url, { signal: AbortSignal.timeout(2000) }).catch(() => undefined);
    if (answer?.ok) return;
    if (Date.now() > deadline) throw new Error(`${url} did not answer 2xx within ${deadlineMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
