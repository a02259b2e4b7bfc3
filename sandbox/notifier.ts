// Outgoing notifications, as CloudPayments sends them: form-urlencoded POST to `<notifyUrl>/<kind>`,
// signed with Content-HMAC (over the bytes sent) and X-Content-HMAC (over the decoded parameters).
// Check is synchronous and never retried; the others are retried after 1, 2, 5, 10, 30, 30… minutes
// (times `timeScale`) up to 100 attempts, until the receiver answers 2xx with {"code":0}.
import type { Logger } from 'pino';
import { encodeCloudPaymentsNotification, type NotificationFields } from '../acquiring/cloudpayments/signature.js';
import type { Faults } from './faults.js';

export type NotificationKind = 'check' | 'pay' | 'fail' | 'confirm' | 'refund' | 'cancel';
export type { NotificationFields };

export interface DeliveryAttempt {
  at: string;
  status?: number | undefined;
  reply?: string | undefined;
  error?: string | undefined;
  dropped?: boolean | undefined;
}

export interface NotificationRecord {
  id: number;
  kind: NotificationKind;
  url: string;
  transactionId: string | null;
  body: string;
  headers: Record<string, string>;
  attempts: DeliveryAttempt[];
  delivered: boolean;
  duplicated: boolean;
  nextAttemptAt: string | null;
}

export const RETRY_MINUTES = [1, 2, 5, 10, 30] as const;
export const MAX_ATTEMPTS = 100;

export interface NotifierOptions {
  notifyUrl?: string | undefined;
  apiSecret: string;
  timeScale: number;
  replyTimeoutMs: number;
  faults: Faults;
  signal: AbortSignal;
  logger?: Logger | undefined;
}

export function retryDelayMs(attemptsSoFar: number, timeScale: number): number {
  const minutes = RETRY_MINUTES[Math.min(attemptsSoFar - 1, RETRY_MINUTES.length - 1)] ?? 30;
  return minutes * 60_000 * timeScale;
}

export function createNotifier(options: NotifierOptions) {
  const log: NotificationRecord[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const base = options.notifyUrl?.replace(/\/+$/, '');

  async function post(record: NotificationRecord): Promise<{ code?: number; attempt: DeliveryAttempt }> {
    const attempt: DeliveryAttempt = { at: new Date().toISOString() };
    record.attempts.push(attempt);
    if (record.kind !== 'check' && options.faults.roll('dropNotificationRate')) {
      attempt.dropped = true;
      return { attempt };
    }
    try {
      const response = await fetch(record.url, {
        method: 'POST',
        headers: record.headers,
        body: record.body,
        signal: AbortSignal.any([AbortSignal.timeout(options.replyTimeoutMs), options.signal]),
      });
      attempt.status = response.status;
      attempt.reply = await response.text();
      const parsed = JSON.parse(attempt.reply) as { code?: unknown };
      const code = typeof parsed.code === 'number' ? parsed.code : Number(parsed.code);
      return response.ok && Number.isInteger(code) ? { code, attempt } : { attempt };
    } catch (error) {
      attempt.error = error instanceof Error ? error.message : String(error);
      return { attempt };
    }
  }

  function record(kind: NotificationKind, fields: NotificationFields): NotificationRecord | undefined {
    if (!base) return undefined;
    const { body, headers } = encodeCloudPaymentsNotification(fields, options.apiSecret);
    const entry: NotificationRecord = {
      id: log.length + 1,
      kind,
      url: `${base}/${kind}`,
      transactionId: fields.TransactionId === undefined ? null : String(fields.TransactionId),
      body,
      headers,
      attempts: [],
      delivered: false,
      duplicated: false,
      nextAttemptAt: null,
    };
    log.push(entry);
    return entry;
  }

  async function deliver(entry: NotificationRecord): Promise<void> {
    if (options.signal.aborted) return;
    const { code } = await post(entry);
    if (code === 0) {
      entry.delivered = true;
      entry.nextAttemptAt = null;
      if (!entry.duplicated && options.faults.roll('duplicateNotificationRate')) {
        entry.duplicated = true;
        await post(entry);
      }
      return;
    }
    if (entry.attempts.length >= MAX_ATTEMPTS || options.signal.aborted) {
      entry.nextAttemptAt = null;
      return;
    }
    const delay = retryDelayMs(entry.attempts.length, options.timeScale);
    entry.nextAttemptAt = new Date(Date.now() + delay).toISOString();
    const timer = setTimeout(() => {
      timers.delete(timer);
      void deliver(entry);
    }, delay);
    timers.add(timer);
  }

  return {
    enabled: () => base !== undefined,
    /** Check: the receiver's code, or `null` when no valid answer came (unreachable, timeout, not JSON). */
    async check(fields: NotificationFields): Promise<{ code: number | null; reachable: boolean } | undefined> {
      if (options.faults.get().checkDisabled) return undefined;
      const entry = record('check', fields);
      if (!entry) return undefined;
      const { code, attempt } = await post(entry);
      entry.delivered = code !== undefined;
      return { code: code ?? null, reachable: attempt.status !== undefined };
    },
    /** Queues a notification; delivery (and its retries) happen in the background. */
    send(kind: Exclude<NotificationKind, 'check'>, fields: NotificationFields): void {
      const entry = record(kind, fields);
      if (entry) void deliver(entry).catch((error) => options.logger?.error({ err: error }, 'notification failed'));
    },
    log: () => log,
    stop() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}
export type Notifier = ReturnType<typeof createNotifier>;
