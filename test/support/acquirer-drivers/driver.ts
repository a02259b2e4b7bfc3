// What a whole-stack scenario needs from the acquirer's side, in words no acquirer owns: the payer's card and browser,
// the acquirer's test switches, and its ledger. One implementation per acquirer sandbox (cloudpayments.ts, yookassa.ts).
import type { Json } from '../billing-client.js';
import type { Harness } from '../stack.js';

export type AcquirerName = 'cloudpayments' | 'yookassa';

/** Test card numbers of one acquirer, by what they do. */
export interface TestCards {
  /** Pays without 3-D Secure. */
  success: string;
  /** Another card that pays without 3-D Secure (saved as a different card from `success`). */
  otherSuccess: string;
  /** Pays after a 3-D Secure challenge. */
  success3ds: string;
  /** Declined: insufficient funds. */
  insufficientFunds: string;
}

/** A ledger status in our words: a payment's (pending … declined) or a refund's (pending, refunded, refund_failed). */
export type LedgerStatus = 'pending' | 'authorized' | 'captured' | 'voided' | 'declined' | 'refunded' | 'refund_failed';

/** One operation as the acquirer's sandbox stored it, normalised. */
export interface LedgerEntry {
  kind: 'payment' | 'refund';
  /** The acquirer's id of the operation: what our rows hold as providerTransactionId. */
  transactionId: string;
  /** A refund's payment (the acquirer's id). */
  paymentTransactionId: string | null;
  /** Our invoice id as the acquirer keeps it (a refund: its payment's). */
  invoiceId: string | null;
  /** Minor units. */
  amount: number;
  currency: string;
  status: LedgerStatus;
  /** The card as the acquirer saved it, what our payment_methods.token holds (CloudPayments: Token; YooKassa: payment_method.id). */
  savedCard: string | null;
}

/** The answer our return address gave the payer's browser after the challenge. */
export interface ReturnAnswer {
  status: number;
  location: string | null;
  body: Json;
}

/** The sandbox faults both sandboxes share (rates in [0, 1]). */
export interface SharedFaults {
  errorRate?: number;
  timeoutRate?: number;
  latencyMs?: number;
  rateLimitRate?: number;
  duplicateNotificationRate?: number;
  dropNotificationRate?: number;
}

/** The payer's hands and the tester's switches on a started stack's acquirer. */
export interface AcquirerControls {
  /** The single-use card packet the payer's browser would get (the API's `payment.cryptogram`). */
  cardPacket(cardNumber: string): Promise<string>;
  /** Pays a checkout's payment link as the payer would on the hosted page, 3-D Secure passed; a hold if the link is one. */
  payLink(checkout: Json, cardNumber: string): Promise<void>;
  /** Passes or fails the checkout's 3-D Secure challenge and brings the browser back to our return address. */
  completeChallenge(checkout: Json, result: 'success' | 'fail'): Promise<ReturnAnswer>;
  /** The next `times` (default: every) merchant-initiated charge with this saved card is declined, soft or hard. */
  declineCharges(savedCard: string, decline: 'soft' | 'hard', times?: number): Promise<void>;
  /** Every payment and refund the acquirer holds: the ground truth for "charged exactly once". */
  ledger(): Promise<LedgerEntry[]>;
  setFaults(faults: SharedFaults): Promise<void>;
  clearFaults(): Promise<void>;
}

export interface AcquirerDriver {
  readonly name: AcquirerName;
  readonly cards: TestCards;
  /** The environment that makes `startHarness` use this acquirer over its sandbox. */
  overrides(): Promise<Record<string, string>>;
  controls(h: Harness): AcquirerControls;
}

/** Where to send the payer's browser: the API's neutral `action` (contract.md's AuthenticationChallenge). */
export interface Challenge {
  method: 'GET' | 'POST';
  url: string;
  fields: Record<string, string>;
}

/**
 * A checkout's 3-D Secure step. The one place that reads the checkout's shape: today's CloudPayments `threeDs`
 * until the API answers with the neutral `action`.
 */
export function challengeOf(checkout: Json): Challenge {
  const action = checkout?.action;
  if (action?.url) return { method: action.method, url: action.url, fields: action.fields ?? {} };
  const threeDs = checkout?.threeDs;
  if (!threeDs) throw new Error(`the checkout has no challenge: ${JSON.stringify(checkout)}`);
  return {
    method: 'POST',
    url: threeDs.acsUrl,
    fields: { PaReq: threeDs.paReq, MD: threeDs.md, TermUrl: threeDs.termUrl },
  };
}

/** A checkout's hosted payment page (a payment link). */
export function paymentUrlOf(checkout: Json): string {
  const url = checkout?.paymentUrl ?? checkout?.action?.url;
  if (typeof url !== 'string') throw new Error(`the checkout has no payment link: ${JSON.stringify(checkout)}`);
  return url;
}

/** The last path segment of a URL: the acquirer's id in a hosted page's address. */
export const lastSegment = (url: string) => new URL(url).pathname.split('/').filter(Boolean).at(-1) ?? '';

/** A POST (or GET without a body) to a sandbox's JSON test control; throws on anything but 2xx. */
export async function sandboxControl(url: string, body?: unknown, method?: string): Promise<Json> {
  const res = await fetch(url, {
    method: method ?? (body === undefined ? 'GET' : 'POST'),
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method ?? 'POST'} ${url}: HTTP ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** What our return address answered, without following a redirect (as a test reads a browser's landing). */
export async function returnAnswer(res: Response): Promise<ReturnAnswer> {
  const text = await res.text();
  let body: Json = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {}
  return { status: res.status, location: res.headers.get('location'), body };
}

/** The captures of one invoice: exactly one when it was charged once. */
export const capturesOf = (ledger: readonly LedgerEntry[], invoiceId: string) =>
  ledger.filter((t) => t.kind === 'payment' && t.status === 'captured' && t.invoiceId === invoiceId);

/** Every operation of one invoice, payments and refunds, in the order the acquirer made them. */
export const operationsOf = (ledger: readonly LedgerEntry[], invoiceId: string) =>
  ledger.filter((t) => t.invoiceId === invoiceId);
