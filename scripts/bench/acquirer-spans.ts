// Time spent inside the acquirer, seen from this process: every HTTP call to the sandbox's API (the adapter's
// charges) is a span, and so is every synchronous `check` the sandbox makes back into our API while it holds a
// charge. The acquirer's own time is the first minus the second (the `check` is our work, done while it waits).
// Installed by wrapping the global fetch before the stack is built (the adapter calls it) and the API's handler (the
// sandbox runs in its own process, so its `check` is timed where our API serves it).

export interface Span {
  startMs: number;
  endMs: number;
  status: number;
}

export interface AcquirerSpans {
  /** Acquirer time (sandbox API calls minus the `check` calls nested in them) within [fromMs, toMs]. */
  acquirerMsBetween(fromMs: number, toMs: number): number;
  /** `check` time nested in acquirer calls within [fromMs, toMs]. */
  checkMsBetween(fromMs: number, toMs: number): number;
  /** Acquirer calls answered `429 Too Many Requests` (its concurrent-request limit) within [fromMs, toMs]. */
  refusedBetween(fromMs: number, toMs: number): number;
  /** The API's handler, timing each `check` it serves. */
  timeChecks(handler: (request: Request) => Response | Promise<Response>): (request: Request) => Promise<Response>;
  /** Points the recorder at the stack's URLs, once they are known. */
  watch(urls: { sandboxUrl: string; checkUrl: string }): void;
  restore(): void;
}

const within = (spans: readonly Span[], fromMs: number, toMs: number) =>
  spans.filter((s) => s.startMs >= fromMs && s.endMs <= toMs);
const total = (spans: readonly Span[]) => spans.reduce((t, s) => t + (s.endMs - s.startMs), 0);

export function recordAcquirerSpans(): AcquirerSpans {
  const original = globalThis.fetch;
  const acquirer: Span[] = [];
  const checks: Span[] = [];
  let urls: { sandboxUrl: string; checkUrl: string } | undefined;
  const kindOf = (input: Parameters<typeof fetch>[0]) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!urls) return undefined;
    if (url.startsWith(urls.checkUrl)) return checks;
    // The sandbox's test controls (cryptograms, faults) are the bench's own calls, not the acquirer's API.
    if (url.startsWith(urls.sandboxUrl) && !url.startsWith(`${urls.sandboxUrl}/_sandbox`)) return acquirer;
    return undefined;
  };
  globalThis.fetch = async (input, init) => {
    const spans = kindOf(input);
    const startMs = performance.now();
    const response = await original(input, init);
    if (!spans) return response;
    // The body is part of the call: read it here so the span ends when the caller could have it.
    const body = await response.arrayBuffer();
    spans.push({ startMs, endMs: performance.now(), status: response.status });
    const empty = [101, 204, 205, 304].includes(response.status);
    const { status, statusText, headers } = response;
    return new Response(empty ? null : body, { status, statusText, headers });
  };
  const nestedChecks = (fromMs: number, toMs: number) => {
    const calls = within(acquirer, fromMs, toMs);
    return within(checks, fromMs, toMs).filter((c) => calls.some((a) => a.startMs <= c.startMs && c.endMs <= a.endMs));
  };
  return {
    acquirerMsBetween: (fromMs, toMs) => total(within(acquirer, fromMs, toMs)) - total(nestedChecks(fromMs, toMs)),
    refusedBetween: (fromMs, toMs) => within(acquirer, fromMs, toMs).filter((s) => s.status === 429).length,
    checkMsBetween: (fromMs, toMs) => total(nestedChecks(fromMs, toMs)),
    timeChecks: (handler) => async (request: Request) => {
      const startMs = performance.now();
      const response = await handler(request);
      if (urls && request.url.startsWith(urls.checkUrl)) {
        checks.push({ startMs, endMs: performance.now(), status: response.status });
      }
      return response;
    },
    watch: (given) => {
      urls = given;
    },
    restore: () => {
      globalThis.fetch = original;
    },
  };
}
