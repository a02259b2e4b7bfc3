// Reads samples out of Prometheus text exposition, as a scrape would see them.

/** The sum of every sample of `name` whose labels include `labels` (no sample: undefined). */
export function sampleValue(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  let total: number | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!match || match[1] !== name) continue;
    const set = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (!Object.entries(labels).every(([k, v]) => set[k] === v)) continue;
    total = (total ?? 0) + Number(match[3]);
  }
  return total;
}

/** The metric names a text exposes (from its samples). */
export function metricNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)[{\s]/.exec(line);
    if (match?.[1] && !line.startsWith('#')) names.add(match[1]);
  }
  return names;
}
