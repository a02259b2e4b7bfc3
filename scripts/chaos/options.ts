import { parseArgs } from 'node:util';

export interface ChaosOptions {
  subscriptions: number;
  /** Minutes of faults before everything is switched off. */
  minutes: number;
  seed: number;
  /** Upper bound for the settling phase: past it, whatever is still unsettled counts as a violation. */
  settleMinutes: number;
  /** Keep the run's folder (logs of every process) even when the run is clean. */
  keep: boolean;
}

export const USAGE =
  'Usage: npm run chaos -- [--subscriptions N (30)] [--minutes M (4)] [--seed S (random)] [--settle-minutes K (5)] [--keep]';

function positive(name: string, raw: string, integer = true): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new Error(`--${name} must be a positive ${integer ? 'integer' : 'number'}, got ${raw}\n${USAGE}`);
  }
  return value;
}

export function parseChaosOptions(argv: string[]): ChaosOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      subscriptions: { type: 'string', default: '30' },
      minutes: { type: 'string', default: '4' },
      seed: { type: 'string' },
      'settle-minutes': { type: 'string', default: '5' },
      keep: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  return {
    subscriptions: positive('subscriptions', values.subscriptions),
    minutes: positive('minutes', values.minutes, false),
    seed: values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : positive('seed', values.seed),
    settleMinutes: positive('settle-minutes', values['settle-minutes'], false),
    keep: values.keep,
  };
}
