// An acquirer answers 429 to requests beyond its concurrent limit (CloudPayments: 5 on a test terminal, 30 live), and
// a renewal burst or a checkout rush would otherwise send one request per activity at once: most refused, each
// retried after a backoff. Requests beyond the limit wait here for a free slot instead.
import pLimit from 'p-limit';

/**
 * `fetch` with at most `max` requests of this process in flight; a request whose deadline passed while it waited is
 * never sent (it fails as its signal says, like a request that timed out).
 */
export function limitConcurrentRequests(send: typeof fetch, max: number): typeof fetch {
  const limit = pLimit(max);
  return (input, init) =>
    limit(() => {
      init?.signal?.throwIfAborted();
      return send(input, init);
    });
}
