import { describe, expect, it } from 'vitest';
import { limitConcurrentRequests } from '../../acquiring/concurrency-limit.js';

/** A stand-in for the network: each request stays open until the test answers it. */
function heldNetwork() {
  const open: Array<{ url: string; answer: () => void }> = [];
  let peak = 0;
  const send = ((input: string | URL | Request) =>
    new Promise<Response>((resolve) => {
      open.push({ url: String(input), answer: () => resolve(new Response('{}')) });
      peak = Math.max(peak, open.length);
    })) as typeof fetch;
  const answerAll = () => {
    for (const request of open.splice(0)) request.answer();
  };
  return { send, open, answerAll, peak: () => peak };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('limitConcurrentRequests', () => {
  it('keeps at most the limit in flight and sends the rest, in order, as slots free', async () => {
    const network = heldNetwork();
    const limited = limitConcurrentRequests(network.send, 2);
    const answers = Array.from({ length: 5 }, (_, i) => limited(`https://acquirer.test/${i}`));
    await tick();
    expect(network.open.map((r) => r.url)).toEqual(['https://acquirer.test/0', 'https://acquirer.test/1']);
    for (let round = 0; round < 3; round++) {
      network.answerAll();
      await tick();
    }
    expect(await Promise.all(answers)).toHaveLength(5);
    expect(network.peak()).toBe(2);
  });

  it('never sends a request whose deadline passed while it waited, and frees no slot it did not take', async () => {
    const network = heldNetwork();
    const limited = limitConcurrentRequests(network.send, 1);
    const first = limited('https://acquirer.test/first');
    const expired = new AbortController();
    const late = limited('https://acquirer.test/late', { signal: expired.signal });
    const next = limited('https://acquirer.test/next');
    expired.abort(new DOMException('deadline', 'TimeoutError'));
    await tick();
    network.answerAll();
    await expect(late).rejects.toMatchObject({ name: 'TimeoutError' });
    await tick();
    expect(network.open.map((r) => r.url)).toEqual(['https://acquirer.test/next']);
    network.answerAll();
    await Promise.all([first, next]);
    expect(network.peak()).toBe(1);
  });
});
