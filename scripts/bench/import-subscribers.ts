// Old billing's subscribers brought in through the API as an operator would: saved-card tokens minted at the
// sandbox (as if earlier payments had made them), then `POST /v1/admin/subscriptions/import` in requests of at
// most 10,000 rows, each job polled until it completes.
import { inBatches } from './poll.js';

export interface ImportRow {
  externalId: string;
  userId: string;
  planId: string;
  currentPeriodEnd: string;
  cardToken: string;
  card?: { last4?: string; brand?: string };
}

export interface ImportJob {
  id: string;
  status: 'running' | 'completed';
  total: number;
  imported: number;
  alreadyImported: number;
  failed: number;
  errors: Array<{ row: number; externalId: string; code: string; message: string }>;
}

export const MAX_ROWS_PER_REQUEST = 10_000;

async function answer<T>(response: Response, what: string): Promise<T> {
  if (!response.ok) throw new Error(`${what}: HTTP ${response.status} ${(await response.text()).slice(0, 500)}`);
  return (await response.json()) as T;
}

/** One saved-card token per account (`POST /_sandbox/tokens`), `parallel` requests at a time. */
export async function mintCardTokens(sandboxUrl: string, accountIds: readonly string[], parallel = 16) {
  const tokens = new Map<string, { token: string; last4?: string; brand?: string }>();
  await inBatches(accountIds, parallel, async (accountId) => {
    const response = await fetch(`${sandboxUrl}/_sandbox/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ accountId }),
    });
    tokens.set(accountId, await answer(response, `sandbox token for ${accountId}`));
  });
  return tokens;
}

export interface ImportRun {
  jobs: ImportJob[];
  startedAtMs: number;
  completedAtMs: number;
}

/** Sends `rows` in requests of at most `perRequest`, one after the other, each polled until its job completes. */
export async function importSubscribers(
  apiUrl: string,
  adminToken: string,
  rows: readonly ImportRow[],
  { perRequest, deadlineMs }: { perRequest: number; deadlineMs: number },
): Promise<ImportRun> {
  const headers = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };
  const startedAtMs = Date.now();
  const jobs: ImportJob[] = [];
  for (let from = 0; from < rows.length; from += perRequest) {
    const subscribers = rows.slice(from, from + perRequest);
    const response = await fetch(`${apiUrl}/v1/admin/subscriptions/import`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ items: subscribers }),
    });
    let job = await answer<ImportJob>(response, `import of rows ${from}…${from + subscribers.length - 1}`);
    while (job.status !== 'completed') {
      if (Date.now() > deadlineMs) throw new Error(`import ${job.id} still running at the deadline: ${summary(job)}`);
      await new Promise((r) => setTimeout(r, 500));
      const poll = await fetch(`${apiUrl}/v1/admin/subscriptions/import/${job.id}`, { headers });
      job = await answer<ImportJob>(poll, `import ${job.id}`);
    }
    jobs.push(job);
  }
  return { jobs, startedAtMs, completedAtMs: Date.now() };
}

export const summary = (job: Pick<ImportJob, 'total' | 'imported' | 'alreadyImported' | 'failed'>) =>
  `${job.imported} imported, ${job.alreadyImported} already imported, ${job.failed} failed of ${job.total}`;
