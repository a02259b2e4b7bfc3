// The image's HEALTHCHECK: `node dist/runtime/healthcheck.js [url]` exits 0 when `url` answers 2xx within 3 s.
// Default: the API's /ready on its own port. The worker's container names its health port's /ready instead.
const url = process.argv[2] ?? `http://127.0.0.1:${process.env.PORT || 3000}/ready`;

try {
  const answer = await fetch(url, { signal: AbortSignal.timeout(3000) });
  process.exit(answer.ok ? 0 : 1);
} catch {
  process.exit(1);
}
