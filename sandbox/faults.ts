import { z } from 'zod';

// Injected misbehaviour for tests. Rates are probabilities in [0, 1]; 1 means "every time".
const rate = z.number().min(0).max(1).default(0);
export const faultSettingsSchema = z.object({
  /** HTTP 500 before anything is processed. */
  errorRate: rate,
  /** The operation is processed but the answer never comes (the connection is held). */
  timeoutRate: rate,
  /** Delay added to every API answer, after processing. */
  latencyMs: z.number().int().min(0).max(600_000).default(0),
  /** HTTP 429 before anything is processed. */
  rateLimitRate: rate,
  /** A delivered notification is delivered a second time. */
  duplicateNotificationRate: rate,
  /** A notification attempt is not sent at all (it is retried on schedule). */
  dropNotificationRate: rate,
  /**
   * Check notifications switched off (a merchant may, in the back office): payments are authorised without asking
   * the merchant, so nothing stops a second payment of one invoice.
   */
  checkDisabled: z.boolean().default(false),
  /**
   * When set, the API faults (errorRate, timeoutRate, latencyMs, rateLimitRate) hit only requests to these paths,
   * e.g. `['/payments/void']`: one operation fails while the rest of the acquirer works. Notifications are unaffected.
   */
  paths: z.array(z.string().startsWith('/')).min(1).optional(),
});
export type FaultSettings = z.infer<typeof faultSettingsSchema>;

export const NO_FAULTS: FaultSettings = faultSettingsSchema.parse({});

/** The settings' probabilities: the fields whose names end in `Rate`. */
type RateName<S> = { [K in keyof S]: K extends `${string}Rate` ? K : never }[keyof S];

/** `none` lets an acquirer's sandbox extend the settings with its own switches (e.g. the YooKassa one's). */
export function createFaults<S extends FaultSettings = FaultSettings>(
  random: () => number = Math.random,
  none: S = NO_FAULTS as S,
) {
  let settings: S = none;
  let changed = new AbortController();
  const replace = (next: S) => {
    settings = next;
    changed.abort();
    changed = new AbortController();
  };
  return {
    get: () => settings,
    set: replace,
    clear: () => replace(none),
    /** Aborts when the settings change next: held answers and delays end then. */
    changed: () => changed.signal,
    /** Whether the API faults apply to a request to `path`. */
    hits: (path: string) => settings.paths === undefined || settings.paths.includes(path),
    /** True with the configured probability. */
    roll(name: RateName<S>) {
      const p = settings[name];
      return typeof p === 'number' && p > 0 && random() < p;
    },
  };
}
export type Faults = ReturnType<typeof createFaults>;

/** Resolves after `ms`, or at once when `signal` aborts (the sandbox is closing). */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted || ms <= 0) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
