// The sandbox's state, built per instance (no module-level singletons).
import type { Logger } from 'pino';
import { createFaults } from './faults.js';
import { createIdempotencyCache } from './idempotency.js';
import { createLedger } from './ledger.js';
import { createNotifier } from './notifier.js';
import { createOrderStore } from './orders.js';
import { createThreeDs } from './three-ds.js';
import { createTokenStore } from './tokens.js';

export interface Envelope {
  Success: boolean;
  Message: string | null;
  Model?: unknown;
}

export interface CoreOptions {
  publicId: string;
  apiSecret: string;
  notifyUrl?: string | undefined;
  /** Multiplies the notification retry schedule (1 = real minutes; 0.001 = 60 ms for "1 minute"). */
  timeScale?: number | undefined;
  notifyTimeoutMs?: number | undefined;
  random?: (() => number) | undefined;
  logger?: Logger | undefined;
}

export function createSandboxCore(options: CoreOptions) {
  const shutdown = new AbortController();
  const faults = createFaults(options.random);
  const notifier = createNotifier({
    notifyUrl: options.notifyUrl,
    apiSecret: options.apiSecret,
    timeScale: options.timeScale ?? 1,
    replyTimeoutMs: options.notifyTimeoutMs ?? 30_000,
    faults,
    signal: shutdown.signal,
    logger: options.logger,
  });
  return {
    publicId: options.publicId,
    apiSecret: options.apiSecret,
    ledger: createLedger(),
    tokens: createTokenStore(),
    orders: createOrderStore(),
    threeDs: createThreeDs(),
    idempotency: createIdempotencyCache(),
    faults,
    notifier,
    shutdown,
    close() {
      shutdown.abort();
      notifier.stop();
    },
  };
}
export type SandboxCore = ReturnType<typeof createSandboxCore>;
