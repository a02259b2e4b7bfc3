// `npm run chaos -- [--subscriptions N] [--minutes M] [--seed S] [--settle-minutes K] [--keep]`: the topology as
// separate processes, N one-minute subscriptions, M minutes of faults (processes killed, Temporal restarted, acquirer
// errors and timeouts, soft declines, duplicated and dropped notifications), then the invariants. Exit 1 on any.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { booksReader } from './books.js';
import { apiClient, sandboxClient } from './clients.js';
import { parseChaosOptions } from './options.js';
import { seededRandom } from './random.js';
import { printReport } from './report.js';
import { runChaos } from './schedule.js';
import { settle } from './settle.js';
import { startTopology, type Topology } from './topology.js';
import { createDearerPlan, createTraffic } from './traffic.js';

async function discrepanciesByKind(databaseUrl: string) {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql`select kind, count(*)::int as n from reconciliation_discrepancies group by kind`;
    return Object.fromEntries(rows.map((r) => [r.kind as string, r.n as number]));
  } finally {
    await sql.end({ timeout: 5 });
  }
}

const options = parseChaosOptions(process.argv.slice(2));
const runDir = mkdtempSync(join(tmpdir(), 'billing-chaos-'));
let topology: Topology | undefined;
let clean = false;
try {
  console.log(`[chaos] seed ${options.seed}; logs in ${runDir}`);
  topology = await startTopology(runDir);
  console.log(`[chaos] stack up: API ${topology.apiUrl}, sandbox ${topology.sandboxUrl}`);
  const api = apiClient(topology.apiUrl);
  const sandbox = sandboxClient(topology.sandboxUrl);
  const random = seededRandom(options.seed);
  await createDearerPlan(api);
  const users = createTraffic(api, sandbox, random, String(options.seed));
  const chaos = await runChaos(options.minutes, topology, sandbox, random, users, options.subscriptions);
  console.log('[chaos] faults off; settling');
  const books = booksReader(topology.databaseUrl, topology.temporalAddress);
  const settled = await settle(books, sandbox, api, options.settleMinutes * 60_000).finally(() => books.close());
  const violations = printReport({
    options,
    chaos,
    traffic: users.traffic,
    unexpectedExits: topology.unexpectedExits(),
    discrepancies: await discrepanciesByKind(topology.databaseUrl),
    settled,
  });
  clean = violations === 0;
  process.exitCode = clean ? 0 : 1;
} catch (error) {
  console.error(`\n[chaos] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 2;
} finally {
  await topology?.close();
  if (clean && !options.keep) rmSync(runDir, { recursive: true, force: true });
  else console.log(`[chaos] logs of every process kept in ${runDir}`);
}
