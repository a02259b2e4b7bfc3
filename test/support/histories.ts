import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';

export const HISTORIES_DIR = join(import.meta.dirname, '../fixtures/histories');

/**
 * With RECORD_HISTORIES=1, saves every run of a workflow (each period is a run) as replay fixtures
 * (test/fixtures/histories/<name>-<n>.json, oldest first). Committed fixtures are replayed against the current workflow
 * code on every test run, so a change that would make a running workflow decide differently fails CI, not production.
 */
export async function recordHistory(client: Client, name: string, workflowId: string) {
  if (!process.env.RECORD_HISTORIES) return;
  const runs: Array<{ runId: string; startTime: Date }> = [];
  for await (const execution of client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) {
    runs.push({ runId: execution.runId, startTime: execution.startTime });
  }
  runs.sort((a, b) => a.startTime.getTime() - b.startTime.getTime());
  mkdirSync(HISTORIES_DIR, { recursive: true });
  for (const [n, run] of runs.entries()) {
    const history = await client.workflow.getHandle(workflowId, run.runId).fetchHistory();
    const json = JSON.stringify({ workflowId, history: JSON.parse(historyToJSON(history)) });
    writeFileSync(join(HISTORIES_DIR, `${name}-${n + 1}.json`), `${json}\n`);
  }
}
