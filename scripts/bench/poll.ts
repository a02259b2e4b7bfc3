/** Asks `read` every `everyMs` until `done` accepts its answer or the deadline passes; returns the last answer. */
export async function pollUntil<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  { deadline, everyMs = 100 }: { deadline: number; everyMs?: number },
): Promise<{ value: T; met: boolean }> {
  for (;;) {
    const value = await read();
    if (done(value)) return { value, met: true };
    if (Date.now() >= deadline) return { value, met: false };
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Runs `task` over `items` with at most `limit` in flight. */
export async function inBatches<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>) {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
