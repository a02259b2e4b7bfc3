// One of the project's entry points (`tsx api/main.ts`, `node dist/worker/main.js`) as its own process, with the given
// environment on top of the test's; for tests of what the process refuses or where it listens.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '../..');

export interface EntryProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves with its exit code once it exits. */
  exited: Promise<number>;
  /** Resolves with the exit code once it exits, or with 'matched' once its output matches `pattern`. */
  until(pattern: RegExp, timeoutMs: number): Promise<number | 'matched'>;
  stop(): Promise<void>;
}

export function startEntry(script: string, args: string[], env: Record<string, string>): EntryProcess {
  // Sources run through tsx; compiled JavaScript (dist/…/main.js) runs on node alone, as in the image.
  const loader = script.endsWith('.ts') ? ['--import', 'tsx'] : ['--enable-source-maps'];
  const child = spawn(process.execPath, [...loader, script, ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString('utf8');
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? -1)));
  return {
    child,
    output: () => output,
    exited,
    until: (pattern, timeoutMs) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`${script}: neither exit nor ${pattern} within ${timeoutMs} ms:\n${output}`)),
          timeoutMs,
        );
        const check = () => {
          if (!pattern.test(output)) return;
          clearTimeout(timer);
          resolve('matched');
        };
        child.stdout?.on('data', check);
        child.stderr?.on('data', check);
        check();
        void exited.then((code) => {
          clearTimeout(timer);
          resolve(code);
        });
      }),
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}
