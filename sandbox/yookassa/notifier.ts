// YooKassa's HTTP notifications: unsigned JSON `{type:"notification", event, object}` POSTed to one URL. Anything
// but HTTP 200 is retried at YooKassa's offsets from the first attempt (10 s, 42 s, 84 s … 86 016 s, i.e. 24 h),
// multiplied by `timeScale`. Faults drop, duplicate, delay or reorder deliveries.
import type { Logger } from 'pino';
import { sleep } from '../faults.js';
import type { DeliveryAttempt } from '../notifier.js';
import type { YooKassaFaults } from './faults.js';

export type YooKassaEvent =
  | 'payment.waiting_for_capture'
  | 'payment.succeeded'
  | 'payment.canceled'
  | 'refund.succeeded';

export const RETRY_OFFSETS_SECONDS = [10, 42, 84, 168, 672, 5376, 86016] as const;
/** How long a notification held back for reordering waits for a successor before it goes alone. */
export const REORDER_WINDOW_MS = 1000;

export interface NotificationRecord {
  id: number;
  event: YooKassaEvent;
  objectId: string;
  url: string;
  body: string;
  attempts: DeliveryAttempt[];
  delivered: boolean;
  duplicated: boolean;
  /** Sent again through the resend control. */
  resent: boolean;
  nextAttemptAt: string | null;
}

export interface YooKassaNotifierOptions {
  notifyUrl?: string | undefined;
  timeScale: number;
  replyTimeoutMs: number;
  faults: YooKassaFaults;
  signal: AbortSignal;
  logger?: Logger | undefined;
}

/** Delay after the `attemptsSoFar`-th failed attempt; `undefined` when YooKassa would give up. */
export function retryDelayMs(attemptsSoFar: number, timeScale: number): number | undefined {
  const offset = RETRY_OFFSETS_SECONDS[attemptsSoFar - 1];
  if (offset === undefined) return undefined;
  const previous = RETRY_OFFSETS_SECONDS[attemptsSoFar - 2] ?? 0;
  return (offset - previous) * 1000 * timeScale;
}

export function createYooKassaNotifier(options: YooKassaNotifierOptions) {
  const log: NotificationRecord[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let held: { entry: NotificationRecord; timer: NodeJS.Timeout } | null = null;

  const later = (ms: number, run: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timers.add(timer);
    return timer;
  };

  async function post(entry: NotificationRecord): Promise<boolean> {
    const attempt: DeliveryAttempt = { at: new Date().toISOString() };
    entry.attempts.push(attempt);
    if (options.faults.roll('dropNotificationRate')) {
      attempt.dropped = true;
      return false;
    }
    try {
      const response = await fetch(entry.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: entry.body,
        signal: AbortSignal.any([AbortSignal.timeout(options.replyTimeoutMs), options.signal]),
      });
      attempt.status = response.status;
      attempt.reply = (await response.text()).slice(0, 2000);
      return response.status === 200;
    } catch (error) {
      attempt.error = error instanceof Error ? error.message : String(error);
      return false;
    }
  }

  async function deliver(entry: NotificationRecord): Promise<void> {
    if (options.signal.aborted) return;
    if (await post(entry)) {
      entry.delivered = true;
      entry.nextAttemptAt = null;
      if (!entry.duplicated && options.faults.roll('duplicateNotificationRate')) {
        entry.duplicated = true;
        await post(entry);
      }
      return;
    }
    const delay = retryDelayMs(entry.attempts.length, options.timeScale);
    if (delay === undefined || options.signal.aborted) {
      entry.nextAttemptAt = null;
      return;
    }
    entry.nextAttemptAt = new Date(Date.now() + delay).toISOString();
    later(delay, () => void start(entry));
  }

  const start = (entry: NotificationRecord) =>
    deliver(entry).catch((error) => options.logger?.error({ err: error }, 'yookassa notification failed'));

  async function dispatch(entry: NotificationRecord): Promise<void> {
    const { notificationDelayMs, reorderNotifications } = options.faults.get();
    if (notificationDelayMs > 0) await sleep(notificationDelayMs, options.signal);
    if (held) {
      const previous = held;
      held = null;
      clearTimeout(previous.timer);
      timers.delete(previous.timer);
      await start(entry);
      await start(previous.entry);
      return;
    }
    if (reorderNotifications) {
      const timer = later(REORDER_WINDOW_MS, () => {
        if (held?.entry === entry) held = null;
        void start(entry);
      });
      held = { entry, timer };
      return;
    }
    await start(entry);
  }

  function record(event: YooKassaEvent, objectId: string, body: string, resent: boolean) {
    if (!options.notifyUrl) return undefined;
    const entry: NotificationRecord = {
      id: log.length + 1,
      event,
      objectId,
      url: options.notifyUrl,
      body,
      attempts: [],
      delivered: false,
      duplicated: false,
      resent,
      nextAttemptAt: null,
    };
    log.push(entry);
    void dispatch(entry);
    return entry;
  }

  return {
    /** Queues the notification of `object` (a snapshot taken now); delivery and retries run in the background. */
    send(event: YooKassaEvent, object: { id: string }) {
      return record(event, object.id, JSON.stringify({ type: 'notification', event, object }), false);
    },
    /** Sends an earlier notification's very body again, as a replay. */
    resend: (entry: NotificationRecord) => record(entry.event, entry.objectId, entry.body, true),
    log: () => log,
    stop() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      held = null;
    },
  };
}
export type YooKassaNotifier = ReturnType<typeof createYooKassaNotifier>;
