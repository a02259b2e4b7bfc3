// The YooKassa sandbox's state, built per instance (no module-level singletons).
import type { Logger } from 'pino';
import { SANDBOX_YOOKASSA_DEFAULT_SECRET_KEY, SANDBOX_YOOKASSA_DEFAULT_SHOP_ID } from '../../config/env-schema.js';
import { createYooKassaFaults } from './faults.js';
import { createIdempotenceStore } from './idempotence.js';
import { createYooKassaNotifier } from './notifier.js';
import { createStore } from './store.js';

/** Unpaid card payments expire after 1 hour; a card hold after 7 days (reference §2.3). */
export const PENDING_TTL_MS = 60 * 60_000;
export const HOLD_TTL_MS = 7 * 24 * 60 * 60_000;
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface YooKassaOptions {
  shopId?: string | undefined;
  secretKey?: string | undefined;
  /** Full URL notifications are POSTed to; none are sent when unset. */
  notifyUrl?: string | undefined;
  /** Multiplies the pending expiry (1 h) and the hold's `expires_at` (7 days). Default 1. */
  expiryTimeScale?: number | undefined;
}

export interface YooKassaCoreOptions extends YooKassaOptions {
  /** Multiplies the notification retry offsets (shared with the CloudPayments sandbox). */
  timeScale?: number | undefined;
  notifyTimeoutMs?: number | undefined;
  random?: (() => number) | undefined;
  logger?: Logger | undefined;
}

export function createYooKassaCore(options: YooKassaCoreOptions) {
  const shutdown = new AbortController();
  const faults = createYooKassaFaults(options.random);
  const timers = new Set<NodeJS.Timeout>();
  const expiryScale = options.expiryTimeScale ?? 1;
  const notifier = createYooKassaNotifier({
    notifyUrl: options.notifyUrl,
    timeScale: options.timeScale ?? 1,
    replyTimeoutMs: options.notifyTimeoutMs ?? 30_000,
    faults,
    signal: shutdown.signal,
    logger: options.logger,
  });
  return {
    shopId: options.shopId ?? SANDBOX_YOOKASSA_DEFAULT_SHOP_ID,
    secretKey: options.secretKey ?? SANDBOX_YOOKASSA_DEFAULT_SECRET_KEY,
    store: createStore(),
    idempotence: createIdempotenceStore(),
    faults,
    notifier,
    shutdown,
    logger: options.logger,
    pendingTtlMs: PENDING_TTL_MS * expiryScale,
    holdTtlMs: HOLD_TTL_MS * expiryScale,
    /** Runs `task` at `at` unless the sandbox closes first (in steps: a timer cannot wait past ~24.8 days). */
    at(at: Date, task: () => void) {
      const wait = () => {
        const timer = setTimeout(
          () => {
            timers.delete(timer);
            if (Date.now() < at.getTime()) wait();
            else task();
          },
          Math.min(Math.max(0, at.getTime() - Date.now()), MAX_TIMER_MS),
        );
        timers.add(timer);
      };
      wait();
    },
    close() {
      shutdown.abort();
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      notifier.stop();
    },
  };
}
export type YooKassaCore = ReturnType<typeof createYooKassaCore>;
