// The Temporal server (built by scripts/temporal-server.mjs) started as the temporalio/server image starts it:
// `temporal-server --env docker start`, config/docker.yaml rendered from the environment, on free loopback ports.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { TemporalServerBuild } from '../../scripts/temporal-server.mjs';
import { freePort } from './free-port.js';

export interface TemporalServerProcess {
  /** The frontend, host:port. */
  address: string;
  output(): string;
  /** Resolves with the exit code (or signal) once the process exits. */
  exited: Promise<number | string>;
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

const PORT_VARIABLES = ['FRONTEND_GRPC', 'FRONTEND_HTTP', 'FRONTEND_MEMBERSHIP', 'HISTORY_GRPC', 'HISTORY_MEMBERSHIP']
  .concat(['MATCHING_GRPC', 'MATCHING_MEMBERSHIP', 'WORKER_GRPC', 'WORKER_MEMBERSHIP'])
  .map((name) => `${name}_PORT`);

async function distinctFreePorts(count: number) {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

/** `env`: the image's variables (DB, POSTGRES_SEEDS, …); ports, bind address and dynamic config are set here. */
export async function startTemporalServer(
  build: TemporalServerBuild,
  env: Record<string, string>,
): Promise<TemporalServerProcess> {
  const ports = await distinctFreePorts(PORT_VARIABLES.length);
  const portEnv = Object.fromEntries(PORT_VARIABLES.map((name, i) => [name, String(ports[i])]));
  const child = spawn(build.server, ['--root', build.root, '--config', 'config', '--env', 'docker', 'start'], {
    env: {
      PATH: process.env.PATH ?? '',
      ...env,
      ...portEnv,
      BIND_ON_IP: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DYNAMIC_CONFIG_FILE_PATH: join(build.root, 'config/dynamicconfig/docker.yaml'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString('utf8');
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  const stop = async (graceMs = 20_000) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };
  return { address: `127.0.0.1:${portEnv.FRONTEND_GRPC_PORT}`, output: () => output, exited, stop };
}
