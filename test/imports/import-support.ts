// Drives a bulk import as the old billing's migration would: tokens minted at the sandbox as earlier payments would
// have left them, the rows posted by an operator, the job polled until it is done.
import { randomUUID } from 'node:crypto';
import { billingClient, type Json, until } from '../support/billing-client.js';
import type { Harness } from '../support/harness.js';

export const IMPORT_PATH = '/v1/admin/subscriptions/import';
export const OPERATOR = 'admin-importer';

/** A short random tag: ids stay free of long digit runs (the API refuses Luhn-valid ones as card numbers). */
export const tag = () => randomUUID().replace(/-/g, '').slice(0, 10);

/** Mints each user's saved-card token at the sandbox, a few at a time. */
export async function mintTokens(h: Harness, userIds: string[]): Promise<Map<string, Json>> {
  const api = billingClient(h);
  const tokens = new Map<string, Json>();
  for (let i = 0; i < userIds.length; i += 50) {
    const chunk = userIds.slice(i, i + 50);
    const minted = await Promise.all(chunk.map((accountId) => api.sandbox('/tokens', { accountId })));
    for (const [j, token] of minted.entries()) tokens.set(chunk[j] as string, token);
  }
  return tokens;
}

export async function postImport(h: Harness, items: unknown[], caller = OPERATOR) {
  return billingClient(h).call('POST', IMPORT_PATH, caller, { items });
}

export async function importJob(h: Harness, id: string): Promise<Json> {
  return (await billingClient(h).call('GET', `${IMPORT_PATH}/${id}`, OPERATOR)).body;
}

export const completedJob = (h: Harness, id: string, timeoutMs = 60_000) =>
  until(
    `import ${id} to complete`,
    async () => {
      const job = await importJob(h, id);
      return job.status === 'completed' ? job : undefined;
    },
    timeoutMs,
    250,
  );

/** Sandbox transactions of these accounts (the ground truth for "charged exactly once"). */
export async function transactionsOf(h: Harness, accounts: ReadonlySet<string>): Promise<Json[]> {
  const all = (await billingClient(h).sandbox('/transactions')).items as Json[];
  return all.filter((t) => accounts.has(t.AccountId));
}
