import type { AppDeps } from '../../app-env.js';
import { claimDueInbox, type InboxRow, markDelivered, markInbox } from './inbox.js';
import { deliverInboxRow } from './inbox-delivery.js';

export interface InboxRelayOptions {
  /** Rows taken at most per claim. */
  batch: number;
  /** Deliveries under way at once (each waits on the database and on Temporal, so several overlap). */
  concurrency: number;
  /** How often it looks for due rows when nobody woke it (rows of another replica, retries after an error). */
  pollMs: number;
  /** How long a taken row is its relay's; after that (the process died mid-delivery) another takes it. */
  leaseMs: number;
  /** Wait before the next try after the `attempts`-th delivery failed. */
  retryInMs(attempts: number): number;
}

export const DEFAULT_RELAY_OPTIONS: InboxRelayOptions = {
  batch: 50,
  concurrency: 32,
  pollMs: 1000,
  leaseMs: 60_000,
  retryInMs: (attempts) => Math.min(1000 * 2 ** Math.max(0, attempts - 1), 30_000),
};

export interface InboxRelay {
  /** Starts delivering; the first pass takes whatever is pending (stored before a restart, or by a replica). */
  start(): void;
  /** Stops after the pass under way (its rows are marked); what is left stays pending for the next start. */
  stop(): Promise<void>;
  /** A notification was just stored: look now rather than at the next poll. */
  wake(): void;
}

/**
 * Delivers what the webhooks stored, after they answered: each pending inbox row goes to its workflow (judged against
 * our books, then a signal or a lookup started), then is marked processed, or its error is kept on the row and it is
 * tried again after a backoff. Rows are taken atomically with a lease, so several API replicas share the work and a
 * row whose relay died is taken again.
 */
export function createInboxRelay(deps: AppDeps, choices: Partial<InboxRelayOptions> = {}): InboxRelay {
  const options = { ...DEFAULT_RELAY_OPTIONS, ...choices };
  const { db, logger } = deps;
  const now = deps.now ?? (() => new Date());
  let running = false;
  let loop: Promise<void> | undefined;
  let woken = false;
  let alarm: (() => void) | undefined;

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        alarm = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      timer.unref();
      alarm = done;
    });

  // Rows delivered in the same turn of the event loop are marked together, one statement for all of them.
  let delivered: Array<{ row: InboxRow; done: () => void; failed: (error: unknown) => void }> = [];
  const markQueued = () => {
    const batch = delivered;
    delivered = [];
    markDelivered(
      db,
      batch.map((d) => d.row),
      now(),
    ).then(
      () => {
        for (const d of batch) d.done();
      },
      (error: unknown) => {
        for (const d of batch) d.failed(error);
      },
    );
  };
  const markDone = (row: InboxRow) =>
    new Promise<void>((done, failed) => {
      if (delivered.length === 0) setImmediate(markQueued);
      delivered.push({ row, done, failed });
    });

  const deliver = async (row: InboxRow) => {
    try {
      await deliverInboxRow(deps, row);
    } catch (error) {
      logger.error({ err: error, inboxId: row.id, kind: row.kind }, 'webhook not delivered to its workflow');
      await markInbox(db, row, { error, retryInMs: options.retryInMs(row.attempts) });
      return;
    }
    await markDone(row);
  };

  const inFlight = new Set<Promise<void>>();
  const track = (row: InboxRow) => {
    const delivery = deliver(row)
      .catch((error: unknown) => logger.error({ err: error, inboxId: row.id }, 'inbox outcome not recorded'))
      .finally(() => {
        inFlight.delete(delivery);
        // Slots free again (half of them, so rows are taken in batches) may take rows left due while all were busy.
        if (inFlight.size <= options.concurrency / 2) alarm?.();
      });
    inFlight.add(delivery);
  };

  /** Takes as many due rows as there are free slots; says whether it may have left some due. */
  const claimInto = async (free: number) => {
    const want = Math.min(options.batch, free);
    try {
      const rows = await claimDueInbox(db, want, options.leaseMs);
      for (const row of rows) track(row);
      return rows.length === want;
    } catch (error) {
      // The database itself failed: rows taken stay leased and are taken again when the lease ends.
      logger.error({ err: error }, 'inbox relay could not take rows');
      return false;
    }
  };

  const run = async () => {
    while (running) {
      woken = false;
      const free = options.concurrency - inFlight.size;
      const more = free > 0 && (await claimInto(free));
      if (!running) break;
      if (more && inFlight.size < options.concurrency) continue;
      if (!woken) await pause(inFlight.size >= options.concurrency ? options.leaseMs : options.pollMs);
    }
    await Promise.all(inFlight);
  };

  return {
    start() {
      if (running) return;
      running = true;
      loop = run();
    },
    async stop() {
      running = false;
      alarm?.();
      await loop;
    },
    wake() {
      woken = true;
      alarm?.();
    },
  };
}
