import type { MiddlewareHandler } from 'hono';
import { containsCardNumber, isCardNumber } from '../domain/card-number.js';
import { AppError } from '../domain/errors.js';

/**
 * Fields that carry card data encrypted on the payer's device. Their clear prefix (first six, last four, expiry)
 * forms a long digit run by design, so only a value that is itself a card number is refused there.
 */
const ENCRYPTED_CARD_FIELDS = new Set(['cryptogram', 'cardcryptogrampacket']);

/**
 * Fields that name an identifier: the acquirer's transaction ids (the 3-D Secure `MD`, a notification's
 * `TransactionId`) are 13-digit numbers today and pass the Luhn check one time in ten, and user ids may be long
 * numbers too. A value there is an id, never a card.
 */
const IDENTIFIER_FIELDS = new Set(['md', 'transactionid', 'paymenttransactionid', 'accountid', 'userid']);

export class PanNotAcceptedError extends AppError {
  constructor(paths: string[]) {
    super(
      'pan_not_accepted',
      'Card numbers are never accepted: pay on the payment page or send a cryptogram',
      400,
      // Where, never what: the value itself is not echoed.
      { fields: paths.map((path) => ({ path, message: 'looks like a card number' })) },
    );
  }
}

type Leaf = { path: string; key: string; text: string };

function jsonLeaves(value: unknown, path: string, key: string, out: Leaf[]) {
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) jsonLeaves(v, `${path}.${i}`, key, out);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.push({ path: `${path}.${k}`, key: '', text: k });
      jsonLeaves(v, `${path}.${k}`, k, out);
    }
  } else if (typeof value === 'string' || typeof value === 'number') out.push({ path, key, text: String(value) });
}

function bodyLeaves(raw: string, contentType: string): Leaf[] {
  if (/json/i.test(contentType)) {
    try {
      const out: Leaf[] = [];
      jsonLeaves(JSON.parse(raw), 'json', '', out);
      return out;
    } catch {
      // Malformed JSON is refused later; its raw text is still searched below.
    }
  } else if (/x-www-form-urlencoded/i.test(contentType)) {
    return [...new URLSearchParams(raw)].flatMap(([k, v]) => [
      { path: `form.${k}`, key: '', text: k },
      { path: `form.${k}`, key: k, text: v },
    ]);
  }
  return [{ path: 'body', key: '', text: raw }];
}

const decodePath = (path: string) => {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
};

function offends({ key, text }: Leaf): boolean {
  const field = key.toLowerCase();
  if (IDENTIFIER_FIELDS.has(field)) return false;
  return ENCRYPTED_CARD_FIELDS.has(field) ? isCardNumber(text) : containsCardNumber(text);
}

/** Refuses (400 `pan_not_accepted`) a request whose URL or body holds something that looks like a card number. */
export function rejectCardNumbers(): MiddlewareHandler {
  return async (c, next) => {
    const url = new URL(c.req.url);
    const leaves: Leaf[] = [
      { path: 'path', key: '', text: decodePath(url.pathname) },
      ...[...url.searchParams].flatMap(([k, v]) => [
        { path: `query.${k}`, key: '', text: k },
        { path: `query.${k}`, key: k, text: v },
      ]),
    ];
    if (c.req.raw.body) {
      const raw = new TextDecoder().decode(await c.req.arrayBuffer());
      leaves.push(...bodyLeaves(raw, c.req.header('content-type') ?? ''));
    }
    const paths = [...new Set(leaves.filter(offends).map((l) => l.path))];
    if (paths.length > 0) throw new PanNotAcceptedError(paths);
    await next();
  };
}
