// `npm run bench:webhooks [-- --n 3000 --concurrency 10 --targets 50]`: signed CloudPayments `pay` notifications
// against the API (each a new transaction of a real subscription's open invoice; then one notification re-sent), and
// the floor in the same run: bare Hono checking the same HMAC. Checks at the end that every answered notification
// was delivered (inbox row processed, one signal in its workflow's history) and how long delivery took.
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { startBenchStack } from './bench-stack.js';
import { closedLoop, loopFigures } from './closed-loop.js';
import { createPoster } from './http-post.js';
import { loadAverage } from './phase-report.js';
import { signalsPerSecond } from './signal-floor.js';
import { signalsReceived, timesToDelivery, waitForDelivery } from './webhook-delivery.js';
import { startWebhookFloor } from './webhook-floor.js';
import { printLoop, webhookTable } from './webhook-report.js';
import { type PayTarget, seedPayTargets, signedPay } from './webhook-targets.js';

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '3000' },
    concurrency: { type: 'string', default: '10' },
    targets: { type: 'string', default: '50' },
  },
});
const positive = (name: string, text: string | undefined) => {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer, got ${text}`);
  return value;
};
const n = positive('n', values.n);
const concurrency = positive('concurrency', values.concurrency);
const targetCount = positive('targets', values.targets);
const WARM_UP = 200;

console.log(`bench:webhooks  N=${n}  concurrency=${concurrency}  cores=${cpus().length} (${cpus()[0]?.model.trim()})`);
console.log(`load average before: ${loadAverage()} (1, 5, 15 min)`);
const stack = await startBenchStack();
const floor = await startWebhookFloor(stack.config.acquiring.cloudpayments.apiSecret);
const stop = () => void Promise.all([floor.close(), stack.close()]).then(() => process.exit(130));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
try {
  const secret = stack.config.acquiring.cloudpayments.apiSecret;
  const targets = await seedPayTargets(stack, targetCount);
  const target = (i: number) => targets[i % targets.length] as PayTarget;
  const poster = createPoster(concurrency);
  const post = (base: string, body: ReturnType<typeof signedPay>) =>
    poster.post(`${base}/webhooks/cloudpayments/pay`, body.body, body.headers);
  const apiBase = stack.config.http.publicBaseUrl;
  const floorBase = floor.url.replace('localhost', '127.0.0.1');
  // Transaction ids: short (never a card-number-like digit run), a range per phase.
  const warmIds = Array.from({ length: WARM_UP }, (_, i) => 1_000_000 + i);
  const payIds = Array.from({ length: n }, (_, i) => 2_000_000 + i);

  await closedLoop(WARM_UP, concurrency, (i) => post(floorBase, signedPay(secret, target(i), 9_000_000 + i)));
  await closedLoop(WARM_UP, concurrency, (i) => post(apiBase, signedPay(secret, target(i), warmIds[i] as number)));

  console.log(`\nmeasured (${concurrency} in flight), load average at start: ${loadAverage()}`);
  const floorRun = await closedLoop(n, concurrency, (i) =>
    post(floorBase, signedPay(secret, target(i), 3_000_000 + i)),
  );
  printLoop('floor: bare Hono + same HMAC', loopFigures(floorRun), floorRun.failures);
  const payRun = await closedLoop(n, concurrency, (i) =>
    post(apiBase, signedPay(secret, target(i), payIds[i] as number)),
  );
  printLoop('signed pay, each a new transaction', loopFigures(payRun), payRun.failures);
  const answeredIds = payIds.filter((_, i) => payRun.ok[i]);
  // Duplicates are measured once the deliveries above are done, so they do not share the cores with that backlog.
  const undelivered = await waitForDelivery(stack.database.db, [...warmIds, ...answeredIds], 120_000);
  const repeated = signedPay(secret, target(0), payIds[0] as number);
  const dupRun = await closedLoop(n, concurrency, () => post(apiBase, repeated));
  printLoop('the same pay re-sent (duplicates)', loopFigures(dupRun), dupRun.failures);
  console.log(`load average at end: ${loadAverage()}`);
  const delivery = await timesToDelivery(stack.database.db, answeredIds);
  const signals = await signalsReceived(
    stack.client,
    targets.map((t) => t.subscriptionId),
  );
  const expectedSignals = WARM_UP + answeredIds.length;
  console.log(
    `\ndelivery: ${delivery.rows} rows of ${answeredIds.length} answered; undelivered after up to 120 s: ${undelivered};` +
      ` paymentResult signals in the workflows: ${signals} of ${expectedSignals} expected (warm-up included)`,
  );
  // After the count above: these signals go to the same workflows.
  const signalFloor = await signalsPerSecond(stack.client, targets, Math.min(n, 1000), 32);
  const lost = Math.max(undelivered, expectedSignals - signals, answeredIds.length - delivery.rows);
  console.log(
    `\nproject / floor, N=${n}, ${concurrency} in flight\n${webhookTable({
      pay: loopFigures(payRun),
      duplicates: loopFigures(dupRun),
      floor: loopFigures(floorRun),
      lost,
      delivery,
      signalFloor,
    })}`,
  );
  if (signals > expectedSignals) console.log(`!! ${signals - expectedSignals} signals more than notifications`);
  poster.close();
} finally {
  await floor.close();
  await stack.close();
}
