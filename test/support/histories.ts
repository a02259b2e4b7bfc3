import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';

export const HISTORIES_DIR = join(import.meta.dirname, '../fixtures/histories');
/** Histories are kept per workflow code release: running workflows of every release still live must replay. */
export const RELEASE_DIRS = ['release-1', 'release-2', 'release-2-lean-persist'] as const;
/** Release 2 with its runs persisting by local activities (patch subscription-lean-persist). */
const RECORDING_RELEASE = 'release-2-lean-persist';

/** Every recorded history, as `<release>/<name>.json`. */
export const recordedHistories = () =>
  RELEASE_DIRS.flatMap((release) =>
    readdirSync(join(HISTORIES_DIR, release))
      .filter((f) => f.endsWith('.json'))
      .map((f) => `${release}/${f}`),
  );

/**
 * With RECORD_HISTORIES=1, saves every run of a workflow (each period is a run) as replay fixtures of the current
 * code (test/fixtures/histories/release-2-lean-persist/<name>-<n>.json, oldest first). Committed fixtures are replayed against
 * the current workflow code on every test run, so a change that would make a running workflow decide differently
 * fails CI, not production. Runs are found by following continue-as-new back, so any server will do.
 */
export async function recordHistory(client: Client, name: string, workflowId: string) {
  if (!process.env.RECORD_HISTORIES) return;
  const runs = (await runChain(client, workflowId, 100)).reverse();
  const current = (await client.workflow.getHandle(workflowId).describe()).runId;
  for (const [n, run] of runs.entries()) await saveRun(client, `${name}-${n + 1}`, workflowId, run.runId ?? current);
}

/** With RECORD_HISTORIES=1, saves the current run of a workflow as fixture `<release>/<name>.json`. */
export async function recordCurrentRun(client: Client, release: string, name: string, workflowId: string) {
  if (!process.env.RECORD_HISTORIES) return;
  await saveRun(client, name, workflowId, undefined, release);
}

async function saveRun(client: Client, name: string, workflowId: string, runId?: string, release = RECORDING_RELEASE) {
  const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  const json = JSON.stringify({ workflowId, history: JSON.parse(historyToJSON(history)) });
  mkdirSync(join(HISTORIES_DIR, release), { recursive: true });
  writeFileSync(join(HISTORIES_DIR, release, `${name}.json`), `${json}\n`);
}

export interface RunRecord {
  runId: string | undefined;
  /** Patch ids whose markers the run recorded: the code paths it took. */
  patches: string[];
  /** Its input said it was continued by release 2. */
  continuedByRelease2: boolean;
  continuedFrom: string | undefined;
}

/** The runs of a workflow, newest first, `depth` of them, following continue-as-new back. */
export async function runChain(client: Client, workflowId: string, depth: number): Promise<RunRecord[]> {
  const runs: RunRecord[] = [];
  let runId: string | undefined;
  for (let i = 0; i < depth; i++) {
    const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
    const input = started?.input?.payloads?.[0]?.data;
    const patches = (history.events ?? []).flatMap((event) =>
      (event.markerRecordedEventAttributes?.details?.['patch-data']?.payloads ?? []).map(
        (p) => (JSON.parse(decode(p.data)) as { id: string }).id,
      ),
    );
    const continuedFrom = started?.continuedExecutionRunId || undefined;
    const release = input ? (JSON.parse(decode(input)) as { workflowRelease?: number }).workflowRelease : undefined;
    runs.push({ runId, patches, continuedByRelease2: release === 2, continuedFrom });
    if (!continuedFrom) break;
    runId = continuedFrom;
  }
  return runs;
}

/** Which release of the subscription workflow runs the current run: the patch it recorded, or its input says so. */
export async function subscriptionRelease(client: Client, workflowId: string): Promise<1 | 2> {
  const [current] = await runChain(client, workflowId, 1);
  return current?.continuedByRelease2 || current?.patches.includes('subscription-ordered-decisions') ? 2 : 1;
}

/** Payload bytes as the history gives them: raw, or base64 text. */
const decode = (data: Uint8Array | string | null | undefined) =>
  typeof data === 'string'
    ? Buffer.from(data, 'base64').toString('utf8')
    : new TextDecoder().decode(data ?? new Uint8Array());
