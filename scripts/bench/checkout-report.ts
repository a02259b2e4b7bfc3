// The checkout figures as printed: each beside its goal and the floor measured in the same run.
import type { FloorTimings } from './checkout-floor.js';
import type { ConcurrentTimings, SequentialTimings } from './checkout-phases.js';
import { percentile } from './figures.js';

const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : '—');
const row = (label: string, value: string, goal = '', floor = '') =>
  console.log(`  ${label.padEnd(44)}${value.padStart(12)}${goal.padStart(14)}${floor.padStart(22)}`);
const p = (values: number[], at: number) => percentile(values, at);

export function printCheckoutReport({
  sequential,
  parallel,
  floor,
}: {
  sequential: SequentialTimings;
  parallel: ConcurrentTimings;
  floor: FloorTimings;
}) {
  const chargeP50 = p(floor.chargeMs, 50);
  const honoP50 = p(floor.honoMs, 50);
  const ownP50 = p(sequential.ownMs, 50);
  const perSecond = (parallel.totalMs.length * 1000) / parallel.wallMs;
  console.log(`\ncheckout by cryptogram (${sequential.totalMs.length} sequential)`);
  row('figure', 'measured', 'goal', 'floor (same run)');
  row('total p50 / p99 (ms)', `${ms(p(sequential.totalMs, 50))} / ${ms(p(sequential.totalMs, 99))}`);
  row('inside the acquirer p50 (ms)', ms(p(sequential.acquirerMs, 50)), '', `charge alone ${ms(chargeP50)}`);
  row('  our `check` it waits on, p50 (ms)', ms(p(sequential.checkMs, 50)));
  row(
    'our own share p50 / p99 (ms)',
    `${ms(ownP50)} / ${ms(p(sequential.ownMs, 99))}`,
    '< 50',
    `bare Hono ${ms(honoP50)}`,
  );
  row('  own share / bare Hono round trip', `${(ownP50 / honoP50).toFixed(0)}×`);
  row('  total / charge alone', `${(p(sequential.totalMs, 50) / chargeP50).toFixed(1)}×`);
  console.log(`\ncheckouts, ${parallel.totalMs.length} at ${parallel.concurrency} concurrent`);
  row('checkouts/s', perSecond.toFixed(1), '≥ 30', `${(1000 / chargeP50).toFixed(0)}/s per charge lane`);
  row('latency p50 / p99 (ms)', `${ms(p(parallel.totalMs, 50))} / ${ms(p(parallel.totalMs, 99))}`);
  row('charges refused 429 by the acquirer', String(parallel.refusedCharges));
  const cpu = parallel.cpuPerCheckoutMs;
  row('CPU ms/checkout: ours, Temporal, Postgres', `${ms(cpu.self)}, ${ms(cpu.temporal)}, ${ms(cpu.postgres)}`);
  row('  the acquirer (sandbox) meanwhile (ms)', ms(cpu.acquirer));
  row('  other work on the machine meanwhile (ms)', ms(cpu.others));
  row('floor: direct charge p50 / p99 (ms)', `${ms(chargeP50)} / ${ms(p(floor.chargeMs, 99))}`);
  row('floor: bare Hono round trip p50 / p99 (ms)', `${ms(honoP50)} / ${ms(p(floor.honoMs, 99))}`);
}
