// Idempotence-Key (reference §1.3): required on POST, ≤ 64 characters, remembered for 24 h. The same key with the
// same request replays the first answer; with another request (path or body) it is a 400. 5xx answers are not
// kept, so a retry runs again; a duplicate arriving while the first is still running waits for it.
import { invalid } from './errors.js';

export interface KeptAnswer {
  status: number;
  body: string;
}

interface Entry {
  fingerprint: string;
  expiresAt: number;
  answer: Promise<KeptAnswer>;
}

export const IDEMPOTENCE_WINDOW_MS = 24 * 60 * 60_000;
export const MAX_KEY_LENGTH = 64;

/** The same JSON with keys sorted, so key order does not make two equal requests differ. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function createIdempotenceStore(now: () => number = Date.now) {
  const entries = new Map<string, Entry>();
  return {
    async run(
      key: string | undefined,
      request: { path: string; body: unknown },
      process: () => Promise<KeptAnswer>,
    ): Promise<KeptAnswer> {
      if (!key) throw invalid('Idempotence key is empty', 'Idempotence-Key');
      if (key.length > MAX_KEY_LENGTH) throw invalid('Idempotence key is too long', 'Idempotence-Key');
      const at = now();
      for (const [k, entry] of entries) if (entry.expiresAt <= at) entries.delete(k);
      const fingerprint = `${request.path}\n${canonical(request.body)}`;
      const existing = entries.get(key);
      if (existing) {
        if (existing.fingerprint !== fingerprint) throw invalid('Idempotence key duplicated', 'Idempotence-Key');
        return existing.answer;
      }
      const answer = process();
      entries.set(key, { fingerprint, expiresAt: at + IDEMPOTENCE_WINDOW_MS, answer });
      const settled = await answer.catch((error: unknown) => {
        entries.delete(key);
        throw error;
      });
      if (settled.status >= 500) entries.delete(key);
      return settled;
    },
  };
}
