// One of the production entry points (api/main.ts, worker/main.ts) as a child process under tsx, with the given
// environment; the tail of its output is kept so a process that dies explains itself.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '../..');

export interface EntryChild {
  name: string;
  child: ChildProcess;
  pid: number | undefined;
  /** The last 4000 characters it printed (its log at LOG_LEVEL=warn). */
  output(): string;
  /** Throws with the end of its output when the process has exited. */
  assertAlive(): void;
  stop(): Promise<void>;
}

export function startEntryChild(name: string, script: string, env: Record<string, string>): EntryChild {
  // `node --import tsx` keeps it one process, so its pid is the one whose memory is measured.
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  return {
    name,
    child,
    pid: child.pid,
    output: () => tail,
    assertAlive() {
      if (gone()) throw new Error(`${name} exited (${child.exitCode ?? child.signalCode}):\n${tail}`);
    },
    async stop() {
      if (gone()) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Polls `check` until it holds; throws when a child has exited meanwhile (with its output) or at the deadline. */
export async function waitUntilReady(
  what: string,
  check: () => Promise<boolean>,
  children: EntryChild[],
  timeoutMs: number,
) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    for (const child of children) child.assertAlive();
    if (Date.now() > deadline) throw new Error(`${what} not ready within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
