// The webhook bench's printed figures: each phase's throughput and latency, and the table against the floor and goals.
import type { LoopFigures } from './closed-loop.js';

const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : '—');

export function printLoop(label: string, f: LoopFigures, failures: Map<string, number>) {
  const failed = [...failures].map(([k, n]) => `${k} ×${n}`).join(', ');
  console.log(
    `  ${label.padEnd(34)}${fixed(f.perSecond, 1).padStart(9)}/s   p50 ${fixed(f.p50Ms, 1)} ms   p99 ${fixed(f.p99Ms, 1)} ms` +
      `   answered ${f.answered}${failed ? `   failed: ${failed}` : ''}`,
  );
}

export interface WebhookFigures {
  pay: LoopFigures;
  duplicates: LoopFigures;
  floor: LoopFigures;
  lost: number;
  delivery: { p50Ms: number; p99Ms: number; perSecond: number };
  /** Bare `paymentResult` signals per second, 32 at once: what Temporal alone takes. */
  signalFloor: number;
}

export function webhookTable({ pay, duplicates, floor, lost, delivery, signalFloor }: WebhookFigures): string {
  const rows: Array<[string, string, string, string, string]> = [
    [
      'new pay notifications/s',
      fixed(pay.perSecond, 1),
      fixed(floor.perSecond, 1),
      ratio(pay.perSecond, floor.perSecond),
      '≥ 500',
    ],
    ['new pay p99 (ms)', fixed(pay.p99Ms, 1), fixed(floor.p99Ms, 1), ratio(pay.p99Ms, floor.p99Ms), '< 50'],
    ['new pay p50 (ms)', fixed(pay.p50Ms, 1), fixed(floor.p50Ms, 1), ratio(pay.p50Ms, floor.p50Ms), ''],
    ['lost (answered, never delivered)', String(lost), '', '', '0'],
    [
      'duplicates/s',
      fixed(duplicates.perSecond, 1),
      fixed(floor.perSecond, 1),
      ratio(duplicates.perSecond, floor.perSecond),
      '≥ 2,000',
    ],
    [
      'duplicates p99 (ms)',
      fixed(duplicates.p99Ms, 1),
      fixed(floor.p99Ms, 1),
      ratio(duplicates.p99Ms, floor.p99Ms),
      '',
    ],
    ['time to delivery p50 (ms)', fixed(delivery.p50Ms, 1), '', '', ''],
    ['time to delivery p99 (ms)', fixed(delivery.p99Ms, 1), '', '', '< 1,000'],
    [
      'deliveries/s (floor: bare signals)',
      fixed(delivery.perSecond, 1),
      fixed(signalFloor, 1),
      ratio(delivery.perSecond, signalFloor),
      '',
    ],
  ];
  const head = `${'figure'.padEnd(34)}${'project'.padStart(10)}${'floor'.padStart(10)}${'ratio'.padStart(10)}${'goal'.padStart(10)}`;
  const lines = rows.map(
    ([label, p, f, r, g]) => `${label.padEnd(34)}${p.padStart(10)}${f.padStart(10)}${r.padStart(10)}${g.padStart(10)}`,
  );
  return [head, ...lines].join('\n');
}

function ratio(project: number, floor: number) {
  return `${fixed(project / floor, 3)}×`;
}
