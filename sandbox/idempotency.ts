// X-Request-ID: the first processing's answer is kept for one hour and replayed byte for byte to every
// request with the same id (any endpoint, any body). A duplicate that arrives while the first is still
// being processed waits for it instead of processing again.
export interface StoredAnswer {
  status: number;
  body: string;
}

interface Entry {
  expiresAt: number;
  answer: Promise<StoredAnswer>;
}

export const IDEMPOTENCY_WINDOW_MS = 60 * 60 * 1000;

export function createIdempotencyCache(now: () => number = Date.now, windowMs = IDEMPOTENCY_WINDOW_MS) {
  const entries = new Map<string, Entry>();

  function sweep(at: number) {
    for (const [key, entry] of entries) if (entry.expiresAt <= at) entries.delete(key);
  }

  return {
    /** Runs `process` once per live key; returns `replayed: true` when the answer came from the cache. */
    async run(key: string, process: () => Promise<StoredAnswer>): Promise<{ answer: StoredAnswer; replayed: boolean }> {
      const at = now();
      sweep(at);
      const existing = entries.get(key);
      if (existing) return { answer: await existing.answer, replayed: true };
      const answer = process();
      entries.set(key, { expiresAt: at + windowMs, answer });
      try {
        return { answer: await answer, replayed: false };
      } catch (error) {
        entries.delete(key);
        throw error;
      }
    },
    size: () => entries.size,
  };
}
export type IdempotencyCache = ReturnType<typeof createIdempotencyCache>;
