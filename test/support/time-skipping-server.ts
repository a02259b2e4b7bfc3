import { type ChildProcess, spawn } from 'node:child_process';
import { connect } from 'node:net';
import type { SearchAttributeType } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { inject } from 'vitest';
import { BILLING_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes.js';
import { freePort } from './free-port.js';

// temporal.api.enums.v1.IndexedValueType: the test server takes no search-attribute flags, so they are registered
// through its operator service, which wants the enum's numbers.
const INDEXED_VALUE_TYPE: Record<SearchAttributeType, number> = {
  TEXT: 1,
  KEYWORD: 2,
  INT: 3,
  DOUBLE: 4,
  BOOL: 5,
  DATETIME: 6,
  KEYWORD_LIST: 7,
};

/**
 * Temporal's time-skipping test server (installed by scripts/temporal-test-server.mjs), one per test file because
 * skipping time is global to a server, with our search attributes registered. It has no schedules and no visibility
 * list or count queries.
 */
export async function startTimeSkippingServer(): Promise<TestWorkflowEnvironment> {
  const env = await launch();
  try {
    await env.connection.operatorService.addSearchAttributes({
      namespace: env.namespace ?? 'default',
      searchAttributes: Object.fromEntries(
        BILLING_SEARCH_ATTRIBUTES.map((key) => [key.name, INDEXED_VALUE_TYPE[key.type]]),
      ),
    });
  } catch (error) {
    await env.teardown();
    throw error;
  }
  return env;
}

/** How long a JVM starting on a loaded 2-core machine may take to listen (a quiet one: about a second); inside the
 * 60 s hook timeout, so a server that never listens fails the hook with this message. */
const LISTEN_DEADLINE_MS = 45_000;

// The SDK's own launch gives the server a fixed 5 s to listen; whole-suite runs beside other work missed it in bursts
// (five files at once, three tries each). So the server is started here, with a deadline of ours, and the SDK's
// environment is built on it through its private `create`, the one createTimeSkipping calls: "existing" server,
// time-skipping client. Checked by test/unit/time-skipping-launch.test.ts, so an SDK upgrade that drops it says so.
type CreateEnvironment = (opts: {
  server: { type: 'existing' };
  address: string;
  supportsTimeSkipping: true;
}) => Promise<TestWorkflowEnvironment>;

export const sdkCreate = () =>
  (TestWorkflowEnvironment as unknown as { create?: CreateEnvironment }).create?.bind(TestWorkflowEnvironment);

async function launch(): Promise<TestWorkflowEnvironment> {
  const create = sdkCreate();
  if (!create) throw new Error('@temporalio/testing no longer has TestWorkflowEnvironment.create; see this file');
  const port = await freePort();
  // Only the port, as the SDK starts it: the server then skips time when the SDK's time-skipping client lets it.
  const server = spawn(inject('temporalTestServerPath'), [String(port)], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  const stop = async () => {
    server.kill('SIGKILL');
    await exited;
  };
  try {
    await untilListening(port, server, LISTEN_DEADLINE_MS);
    const env = await create({
      server: { type: 'existing' },
      address: `127.0.0.1:${port}`,
      supportsTimeSkipping: true,
    });
    const closeConnections = env.teardown.bind(env);
    env.teardown = async () => {
      await closeConnections();
      await stop();
    };
    return env;
  } catch (error) {
    await stop();
    throw error;
  }
}

async function untilListening(port: number, server: ChildProcess, deadlineMs: number) {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    if (server.exitCode !== null || server.signalCode !== null)
      throw new Error(
        `the time-skipping test server exited (${server.exitCode ?? server.signalCode}) before listening`,
      );
    if (await accepts(port)) return;
    if (Date.now() > deadline)
      throw new Error(`the time-skipping test server did not listen on ${port} in ${deadlineMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
