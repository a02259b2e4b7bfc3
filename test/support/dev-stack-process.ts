import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { captureFile } from './log-capture.js';
import { freePort } from './throwaway-postgres.js';

const root = join(import.meta.dirname, '../..');

export interface DevStackPorts {
  api: number;
  sandbox: number;
  temporal: number;
  ui: number;
  /** The ops listener: /metrics, and the worker's /health and /ready. */
  ops: number;
}

/** `npm start`'s script on free ports with its state under `dataDir`, as its own process group; `extra` env on top. */
export async function devStack(dataDir: string, extra: Record<string, string> = {}) {
  const [api, sandbox, temporal, ui, ops] = await Promise.all([
    freePort(),
    freePort(),
    freePort(),
    freePort(),
    freePort(),
  ]);
  const ports: DevStackPorts = { api, sandbox, temporal, ui, ops };
  const env = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(api),
    SANDBOX_PORT: String(sandbox),
    TEMPORAL_ADDRESS: `localhost:${temporal}`,
    TEMPORAL_UI_PORT: String(ui),
    OPS_PORT: String(ops),
    // Its output is not shown; at info its log file is worth scanning for secrets at the end of the run.
    LOG_LEVEL: 'info',
    LOG_FILE: captureFile(`dev-stack-${api}`) ?? '',
    DATABASE_URL: '',
    // The defaults under test: the stack's own bind addresses, not the caller's.
    HOST: '',
    SANDBOX_HOST: '',
    ...extra,
  };
  const running = new Set<ChildProcess>();
  const logFile = env.LOG_FILE;
  let stderr = '';
  let stdout = '';
  return {
    ports,
    apiUrl: `http://localhost:${api}`,
    uiUrl: `http://localhost:${ui}`,
    start(): ChildProcess {
      // Its own process group, so SIGINT reaches every process the way a terminal's Ctrl-C does.
      const child = spawn(join(root, 'node_modules/.bin/tsx'), ['scripts/dev-stack.ts'], {
        cwd: root,
        env,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      // The banner with the stack's URLs goes to stdout.
      child.stdout?.on('data', (chunk: Buffer) => {
        stdout = (stdout + chunk.toString('utf8')).slice(-8000);
      });
      // Startup errors go to stderr (before the log file exists): the last of it explains a stack that exits.
      child.stderr?.on('data', (chunk: Buffer) => {
        stderr = (stderr + chunk.toString('utf8')).slice(-4000);
      });
      running.add(child);
      child.once('exit', () => running.delete(child));
      return child;
    },
    /**
     * Waits until `path` on the API answers 2xx; a stack that exits first fails at once, with the end of its log
     * (a port taken meanwhile, a startup error), instead of after the whole timeout.
     */
    async untilServing(child: ChildProcess, path: string, timeoutMs: number): Promise<Response> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if (child.exitCode !== null || child.signalCode !== null) {
          const log =
            logFile && existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n') : '';
          const why = `${log}\n${stderr}`.trim();
          throw new Error(`npm start exited (${child.exitCode ?? child.signalCode}) before serving ${path}:\n${why}`);
        }
        const answer = await fetch(`http://localhost:${api}${path}`).catch(() => undefined);
        if (answer?.ok) return answer;
        if (Date.now() > deadline) throw new Error(`npm start did not serve ${path} within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
    /** What the stack printed to stdout so far (its last 8000 characters). */
    output(): string {
      return stdout;
    },
    /** Ctrl-C, then wait for the stack to exit. */
    async interrupt(child: ChildProcess) {
      if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      process.kill(-child.pid, 'SIGINT');
      await exited;
    },
    /** For afterAll: whatever is still running is killed outright. */
    kill() {
      for (const child of running) if (child.pid) process.kill(-child.pid, 'SIGKILL');
    },
  };
}
