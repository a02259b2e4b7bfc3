// The fault phase: every few seconds the acquirer's fault mix changes and one more thing breaks, in a rotation
// shuffled by the seed so each kind of fault happens in every run; users keep subscribing and acting meanwhile.
import type { SandboxClient } from './clients.js';
import type { Random } from './random.js';
import type { Topology } from './topology.js';
import type { createTraffic } from './traffic.js';

const TICK_MS = 10_000;
const EVENTS = ['kill-worker', 'kill-api', 'restart-temporal', 'soft-decline', 'kill-both-workers'] as const;
type ChaosEvent = (typeof EVENTS)[number];

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface ChaosLog {
  events: Record<string, number>;
  errors: string[];
}

function shuffled<T>(items: readonly T[], random: Random): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

/** A token the sandbox issued for one of our subscriptions, to make its next renewal decline softly. */
async function someToken(sandbox: SandboxClient, subscriptionIds: string[], random: Random) {
  const tokens = new Set<string>();
  const ours = new Set(subscriptionIds);
  for (const tx of await sandbox.transactions()) {
    const subscriptionId = String(tx.InvoiceId ?? '').match(/^inv_(.+)_[^_]+$/)?.[1];
    if (tx.Token && subscriptionId && ours.has(subscriptionId)) tokens.add(tx.Token);
  }
  return tokens.size ? random.pick([...tokens]) : undefined;
}

async function run(event: ChaosEvent, topology: Topology, sandbox: SandboxClient, random: Random, ids: string[]) {
  switch (event) {
    case 'kill-worker':
      return random.pick(topology.workers).restart('SIGKILL');
    case 'kill-both-workers':
      await Promise.all(topology.workers.map((w) => w.stop('SIGKILL')));
      await pause(random.int(1000, 5000));
      return Promise.all(topology.workers.map((w) => w.start()));
    case 'kill-api':
      return topology.api.restart('SIGKILL');
    case 'restart-temporal':
      return topology.restartTemporal();
    case 'soft-decline': {
      const token = await someToken(sandbox, ids, random);
      if (token) await sandbox.softDecline(token, random.int(1, 2));
      return;
    }
  }
}

export async function runChaos(
  minutes: number,
  topology: Topology,
  sandbox: SandboxClient,
  random: Random,
  users: ReturnType<typeof createTraffic>,
  subscriptions: number,
): Promise<ChaosLog> {
  const log: ChaosLog = { events: {}, errors: [] };
  const end = Date.now() + minutes * 60_000;
  // Subscriptions arrive over the first half of the phase, so checkouts meet the faults too.
  const arrivals = Math.max(1, Math.floor((minutes * 60_000) / 2 / TICK_MS));
  let created = 0;
  let rotation: ChaosEvent[] = [];
  for (let tick = 0; Date.now() < end; tick++) {
    const tickEnd = Date.now() + TICK_MS;
    const faults = {
      errorRate: random.int(0, 25) / 100,
      timeoutRate: random.int(0, 10) / 100,
      duplicateNotificationRate: random.int(0, 50) / 100,
      dropNotificationRate: random.int(0, 40) / 100,
    };
    await sandbox.setFaults(faults).catch((e) => log.errors.push(`faults: ${e}`));
    const due = Math.min(subscriptions, Math.ceil(((tick + 1) * subscriptions) / arrivals));
    const arriving = [];
    for (; created < due; created++) arriving.push(users.subscribe(created));
    const acting = tick > 0 && random.chance(0.7) ? [users.act()] : [];
    if (rotation.length === 0) rotation = shuffled(EVENTS, random);
    const event = rotation.shift() as ChaosEvent;
    const breaking = run(event, topology, sandbox, random, users.traffic.subscriptionIds).then(
      () => {
        log.events[event] = (log.events[event] ?? 0) + 1;
      },
      (e) => log.errors.push(`${event}: ${e}`),
    );
    const actions = Promise.all([...arriving, ...acting].map((p) => p.catch((e) => log.errors.push(String(e)))));
    await Promise.all([breaking, actions]);
    const left = tickEnd - Date.now();
    if (left > 0) await pause(Math.min(left, end - Date.now()));
    console.log(`[chaos] ${Math.round((end - Date.now()) / 1000)} s of faults left; last: ${event}`);
  }
  // Subscriptions the phase was too short for still arrive, after it.
  for (; created < subscriptions; created++) await users.subscribe(created).catch((e) => log.errors.push(String(e)));
  await sandbox.clearFaults();
  return log;
}
