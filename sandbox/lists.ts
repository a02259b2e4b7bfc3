// `/payments/list` (the operations of one day) and `/v2/payments/list` (a period, 100 per page), over the
// ledger: payments and refunds alike, oldest first, as CloudPayments `Transaction`s plus the list-only fields.
import { TRANSACTION_STATUSES, type TransactionStatus } from '../acquiring/cloudpayments/schemas.js';
import type { Envelope, SandboxCore } from './core.js';
import { type SandboxTransaction, transactionModel } from './ledger.js';
import { FieldError, type FieldReader } from './request-fields.js';

export const LIST_PAGE_SIZE = 100;

/** `TimeZone` codes (vendor reference §3.6) → fixed UTC offsets in minutes; no daylight saving. */
export const TIME_ZONE_OFFSETS: Record<string, number> = {
  HST: -600,
  AKST: -540,
  PST: -480,
  MST: -420,
  CST: -360,
  EST: -300,
  AST: -240,
  BRT: -180,
  UTC: 0,
  GMT: 0,
  CET: 60,
  EET: 120,
  MSK: 180,
  AZT: 240,
  AMT: 240,
  SAMT: 240,
  GET: 240,
  TJT: 300,
  YEKT: 300,
  ALMT: 300,
  NOVT: 420,
  KRAT: 420,
  HKT: 480,
  IRKT: 480,
  SGT: 480,
  ULAT: 480,
  YAKT: 540,
  VLAT: 600,
  SAKT: 660,
  ANAT: 720,
};

const DATE_TIME = /^(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d)(?::(\d\d)(?:\.(\d{1,3})\d*)?)?)?(Z|[+-]\d\d:?\d\d)?$/;

/** `2021-03-09`, `2021-03-09T10:00:00`, `…+03:00`, `…Z`; without an offset the time is in `offsetMinutes`. */
export function parseListDate(value: string, offsetMinutes: number): Date | undefined {
  const m = DATE_TIME.exec(value.trim());
  if (!m) return undefined;
  const [, y = '', mo = '', d = '', h = '0', mi = '0', s = '0', ms = '0', zone] = m;
  let offset = offsetMinutes;
  if (zone === 'Z') offset = 0;
  else if (zone) {
    const [sign, hh, mm] = [zone[0], zone.slice(1, 3), zone.slice(-2)];
    offset = (sign === '-' ? -1 : 1) * (Number(hh) * 60 + Number(mm));
  }
  const utc = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, Number(ms.padEnd(3, '0')));
  const date = new Date(utc - offset * 60_000);
  // Reject 2021-02-30 and the like: the fields must survive the round trip.
  const local = new Date(utc);
  return local.getUTCDate() === +d && local.getUTCMonth() === +mo - 1 ? date : undefined;
}

function timeZoneOffset(f: FieldReader): number {
  const zone = (f.str('TimeZone') ?? 'UTC').toUpperCase();
  const offset = TIME_ZONE_OFFSETS[zone];
  if (offset === undefined) throw new FieldError(`TimeZone ${zone} is not supported`);
  return offset;
}

function dateField(f: FieldReader, name: string, offset: number): Date {
  const date = parseListDate(f.required(name), offset);
  if (!date) throw new FieldError(`${name} is invalid`);
  return date;
}

/** `Statuses`: a JSON array or a comma-separated form value; absent = every status. */
function statusesField(f: FieldReader): Set<TransactionStatus> | undefined {
  const raw = f.str('Statuses');
  if (raw === null) return undefined;
  const names = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const known = new Set<string>(TRANSACTION_STATUSES);
  const unknown = names.find((name) => !known.has(name));
  if (unknown !== undefined) throw new FieldError(`Statuses: ${unknown} is not a status`);
  return new Set(names as TransactionStatus[]);
}

export function listItemModel(tx: SandboxTransaction) {
  return { ...transactionModel(tx), IsLocalOrder: false, HideInvoiceId: false, Gateway: 'Test', MasterPass: false };
}

/** Transactions created in [from, to) (or [from, to] with `inclusiveEnd`), oldest first. */
function between(core: SandboxCore, from: number, to: number, inclusiveEnd: boolean) {
  return core.ledger
    .all()
    .filter((tx) => {
      const at = tx.createdAt.getTime();
      return at >= from && (inclusiveEnd ? at <= to : at < to);
    })
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id);
}

export function listDay(core: SandboxCore, f: FieldReader): Envelope {
  const offset = timeZoneOffset(f);
  const day = f.required('Date');
  const start = /^\d{4}-\d\d-\d\d$/.test(day) ? parseListDate(day, offset) : undefined;
  if (!start) throw new FieldError('Date is invalid');
  const items = between(core, start.getTime(), start.getTime() + 24 * 60 * 60_000, false);
  return { Success: true, Message: null, Model: items.map(listItemModel) };
}

export function listPeriod(core: SandboxCore, f: FieldReader): Envelope {
  const offset = timeZoneOffset(f);
  const from = dateField(f, 'CreatedDateGte', offset);
  const to = dateField(f, 'CreatedDateLte', offset);
  const page = f.int('PageNumber');
  if (page < 1) throw new FieldError('PageNumber must be at least 1');
  const statuses = statusesField(f);
  const items = between(core, from.getTime(), to.getTime(), true).filter((tx) => !statuses || statuses.has(tx.status));
  const slice = items.slice((page - 1) * LIST_PAGE_SIZE, page * LIST_PAGE_SIZE);
  return { Success: true, Message: null, Model: slice.map(listItemModel) };
}
