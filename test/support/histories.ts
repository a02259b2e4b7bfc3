import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';

export const HISTORIES_DIR = join(import.meta.dirname, '../fixtures/histories');

/**
 * With RECORD_HISTORIES=1, saves every run of a workflow (each period is a run) as replay fixtures
 * (test/fixtures/histories/<name>-<n>.json, oldest first). Committed fixtures are replayed against the current workflow
 * code on every test run, so a change that would make a running workflow decide differently fails CI, not production.
 * Works on the dev server and on the time-skipping server alike: the runs are found by following each run's
 * `continuedExecutionRunId` back from the latest, not through visibility (which the time-skipping server lacks).
 */
export async function recordHistory(client: Client, name: string, workflowId: string) {
  if (!process.env.RECORD_HISTORIES) return;
  const histories: string[] = [];
  let runId: string | undefined;
  do {
    const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    histories.unshift(JSON.stringify({ workflowId, history: JSON.parse(historyToJSON(history)) }));
    runId = history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
  } while (runId);
  mkdirSync(HISTORIES_DIR, { recursive: true });
  for (const [n, json] of histories.entries()) writeFileSync(join(HISTORIES_DIR, `${name}-${n + 1}.json`), `${json}\n`);
}
