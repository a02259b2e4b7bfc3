import { type ChildProcess, spawn } from 'node:child_process';
import { Connection } from '@temporalio/client';
import { searchAttributeFlags } from '../../workflows/search-attributes.js';

export interface DevServerOptions {
  cliPath: string;
  dbFile: string;
  port: number;
  uiPort: number;
  namespace: string;
}

export interface RunningDevServer {
  address: string;
  uiUrl: string;
  stop(): Promise<void>;
}

async function waitUntilServing(address: string, child: ChildProcess, deadlineMs: number) {
  const deadline = Date.now() + deadlineMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`temporal server exited early with code ${child.exitCode}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.getSystemInfo({});
        return;
      } finally {
        await connection.close();
      }
    } catch (error) {
      lastError = error;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`Temporal did not answer on ${address} within ${deadlineMs} ms: ${String(lastError)}`);
}

/** `temporal server start-dev` persisting to SQLite, with the Web UI, our search attributes and eager activities. */
export async function startTemporalDevServer(options: DevServerOptions): Promise<RunningDevServer> {
  const args = [
    'server',
    'start-dev',
    '--db-filename',
    options.dbFile,
    '--port',
    String(options.port),
    '--ui-port',
    String(options.uiPort),
    '--namespace',
    options.namespace,
    '--log-level',
    'error',
    ...searchAttributeFlags(),
    // An activity scheduled by a workflow task goes back to the worker in the task's own answer instead of through
    // the task queue: one server round trip less per activity (a checkout runs three).
    '--dynamic-config-value',
    'system.enableActivityEagerExecution=true',
  ];
  const child = spawn(options.cliPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  const address = `localhost:${options.port}`;
  try {
    await waitUntilServing(address, child, 60_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { address, uiUrl: `http://localhost:${options.uiPort}`, stop };
}
