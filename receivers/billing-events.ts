// Receivers' kit for Movix Billing events. Copy this one file into your service: it depends only on Node's crypto.
//
//   const store = createMemoryProcessedEventStore();
//   app.post('/billing-events', async (req, res) => {
//     const outcome = await receiveBillingEvent({
//       rawBody: req.rawBody,                          // the exact bytes received, before any JSON parsing
//       signatureHeader: req.headers['billing-signature'],
//       secrets: [process.env.BILLING_EVENTS_SECRET],  // during a rotation: [newSecret, oldSecret]
//       store,
//       handle: async (event) => { /* apply it; throw to have Billing retry it later */ },
//     });
//     res.status(outcome.ok ? 200 : 400).end();      // any 2xx acknowledges; anything else is retried
//   });
//
// Events arrive at least once and may arrive out of order after a retry: order them per subscription by
// `sequence` (apply only a sequence above the last one you applied), and rely on `store` to drop duplicates.
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface BillingEvent {
  id: string;
  type: string;
  createdAt: string;
  data: Record<string, unknown>;
  subscriptionId: string | null;
  sequence: number | null;
}

export type BillingEventErrorCode =
  | 'malformed_signature'
  | 'stale_signature'
  | 'signature_mismatch'
  | 'malformed_event';

export class BillingEventError extends Error {
  constructor(
    readonly code: BillingEventErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'BillingEventError';
  }
}

export interface VerifyOptions {
  /** The request body exactly as received: a re-serialised object does not verify. */
  rawBody: string | Uint8Array;
  signatureHeader: string | null | undefined;
  /** Every secret currently accepted; one is enough to match. */
  secrets: readonly string[];
  /** Largest accepted |now - t|, in seconds. Default 300. */
  toleranceSeconds?: number;
  now?: () => Date;
}

const SIGNATURE = /^[0-9a-f]{64}$/;

function parseHeader(header: string | null | undefined): { t: number; v1: string[] } {
  if (!header) throw new BillingEventError('malformed_signature', 'Billing-Signature is missing');
  let t: number | undefined;
  const v1: string[] = [];
  for (const part of header.split(',')) {
    const [key, value, ...extra] = part.trim().split('=');
    if (!key || value === undefined || extra.length > 0) continue;
    if (key === 't' && /^\d{1,12}$/.test(value)) t = Number(value);
    if (key === 'v1' && SIGNATURE.test(value)) v1.push(value);
  }
  if (t === undefined || v1.length === 0) {
    throw new BillingEventError('malformed_signature', 'Billing-Signature needs t=<seconds> and at least one v1=<hex>');
  }
  return { t, v1 };
}

/** Checks the signature and the replay window, then parses the body. Throws BillingEventError. */
export function verifyBillingEvent(options: VerifyOptions): BillingEvent {
  const { t, v1 } = parseHeader(options.signatureHeader);
  const nowSeconds = Math.floor((options.now?.() ?? new Date()).getTime() / 1000);
  if (Math.abs(nowSeconds - t) > (options.toleranceSeconds ?? 300)) {
    throw new BillingEventError('stale_signature', 'Billing-Signature timestamp is outside the replay window');
  }
  const body = typeof options.rawBody === 'string' ? Buffer.from(options.rawBody, 'utf8') : options.rawBody;
  const signed = Buffer.concat([Buffer.from(`${t}.`, 'utf8'), body]);
  const matches = options.secrets.some((secret) => {
    const expected = createHmac('sha256', secret).update(signed).digest();
    // Every candidate is compared in constant time; lengths are equal (the header only admits 64 hex digits).
    return v1.some((candidate) => timingSafeEqual(expected, Buffer.from(candidate, 'hex')));
  });
  if (!matches) throw new BillingEventError('signature_mismatch', 'Billing-Signature does not match the body');
  return parseEvent(body);
}

function parseEvent(body: Uint8Array): BillingEvent {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(body).toString('utf8'));
  } catch {
    throw new BillingEventError('malformed_event', 'body is not JSON');
  }
  const e = value as Partial<BillingEvent> | null;
  if (!e || typeof e.id !== 'string' || typeof e.type !== 'string' || typeof e.data !== 'object') {
    throw new BillingEventError('malformed_event', 'body is not a billing event');
  }
  return e as BillingEvent;
}

/** Remembers processed event ids. Use a shared store (Redis SET NX, a unique DB key) when you run replicas. */
export interface ProcessedEventStore {
  /** Records the id; false when it was already there (a duplicate). Must be atomic. */
  claim(eventId: string): Promise<boolean>;
  /** Forgets a claim whose handling failed, so the redelivery is processed. */
  release(eventId: string): Promise<void>;
}

/** In-process store with a TTL (default 7 days): enough for one replica, or for tests. */
export function createMemoryProcessedEventStore(options: { ttlMs?: number; now?: () => number } = {}) {
  const ttl = options.ttlMs ?? 7 * 24 * 3600 * 1000;
  const clock = options.now ?? Date.now;
  const seen = new Map<string, number>();
  return {
    async claim(eventId: string) {
      const now = clock();
      for (const [id, expires] of seen) if (expires <= now) seen.delete(id);
      if (seen.has(eventId)) return false;
      seen.set(eventId, now + ttl);
      return true;
    },
    async release(eventId: string) {
      seen.delete(eventId);
    },
  } satisfies ProcessedEventStore;
}

export type ReceiveOutcome =
  | { ok: true; status: 'processed' | 'duplicate'; event: BillingEvent }
  | { ok: false; code: BillingEventErrorCode; message: string };

/** Verify, deduplicate by id, handle. Answer 2xx when `ok`; a failing `handle` throws so you answer 5xx. */
export async function receiveBillingEvent(
  options: VerifyOptions & { store: ProcessedEventStore; handle: (event: BillingEvent) => Promise<void> },
): Promise<ReceiveOutcome> {
  let event: BillingEvent;
  try {
    event = verifyBillingEvent(options);
  } catch (error) {
    if (error instanceof BillingEventError) return { ok: false, code: error.code, message: error.message };
    throw error;
  }
  if (!(await options.store.claim(event.id))) return { ok: true, status: 'duplicate', event };
  try {
    await options.handle(event);
  } catch (error) {
    await options.store.release(event.id);
    throw error;
  }
  return { ok: true, status: 'processed', event };
}
