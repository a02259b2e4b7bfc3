// After the faults: wait, with a deadline, until the books agree with the acquirer. Renewals go on every minute, so
// a snapshot can catch one mid-flight (charged, not yet recorded); a violation counts once it has lasted `graceMs`,
// longer than a lost payment takes to be looked up (stale after 30 s, reconciliation every 20 s).
import type { booksReader } from './books.js';
import type { ApiClient, SandboxClient } from './clients.js';
import { checkInvariants, INVARIANTS, type InvariantName, type Violations } from './invariants.js';

const POLL_MS = 10_000;
const RECONCILE_EVERY_MS = 30_000;
export const GRACE_MS = 90_000;

export interface Settled {
  /** Violations that lasted the grace period, by invariant. */
  lasting: Record<InvariantName, string[]>;
  seconds: number;
  settled: boolean;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function settle(
  books: ReturnType<typeof booksReader>,
  sandbox: SandboxClient,
  api: ApiClient,
  deadlineMs: number,
): Promise<Settled> {
  const started = Date.now();
  const firstSeen = new Map<string, number>();
  let lastReconcile = 0;
  for (;;) {
    if (Date.now() - lastReconcile >= RECONCILE_EVERY_MS) {
      lastReconcile = Date.now();
      const res = await api.call('POST', '/v1/admin/reconciliation/run', 'admin-chaos', undefined, 10_000);
      if (res.status >= 300) console.log(`[chaos] reconciliation run: HTTP ${res.status}`);
    }
    const violations: Violations = checkInvariants(await books.read(), await sandbox.transactions());
    const now = Date.now();
    const lasting = {} as Record<InvariantName, string[]>;
    const seen = new Set<string>();
    let current = 0;
    for (const name of Object.keys(INVARIANTS) as InvariantName[]) {
      lasting[name] = [];
      for (const [key, line] of violations[name]) {
        const id = `${name}:${key}`;
        seen.add(id);
        current += 1;
        if (!firstSeen.has(id)) firstSeen.set(id, now);
        if (now - (firstSeen.get(id) as number) >= GRACE_MS) lasting[name].push(line);
      }
    }
    for (const id of firstSeen.keys()) if (!seen.has(id)) firstSeen.delete(id);
    const lastingCount = Object.values(lasting).reduce((n, lines) => n + lines.length, 0);
    const seconds = Math.round((now - started) / 1000);
    console.log(`[chaos] settling ${seconds} s: ${current} open, ${lastingCount} lasting past the grace period`);
    if (now - started >= GRACE_MS && lastingCount === 0) return { lasting, seconds, settled: true };
    if (now - started >= deadlineMs) return { lasting, seconds, settled: false };
    await pause(POLL_MS);
  }
}
