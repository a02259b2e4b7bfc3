// Reading YooKassa's lists (`GET /payments`, `GET /refunds`): pages of ≤ 100 items chained by `next_cursor`.
import type { z } from 'zod';
import type { CallFailure } from '../provider.js';
import type { CallResult, YooKassaClient } from './client.js';
import { listSchema } from './schemas.js';

export const LIST_LIMIT = 100;
/** 100 000 objects: past that a scan is too wide for one call (or the server keeps handing back a cursor). */
export const MAX_PAGES = 1_000;

export type Scan = { status: 'done'; raw: unknown[] } | { status: 'unavailable'; failure: CallFailure; raw: unknown[] };

const unreadable = (message: string, retryable = true): CallFailure => ({
  kind: 'bad_response',
  message,
  retryable,
});

function failureOf(result: Exclude<CallResult, { kind: 'ok' }>): CallFailure {
  if (result.kind === 'no_answer') return result.failure;
  // A refused list request (bad filter) is our bug: the same request cannot succeed later.
  return unreadable(`List refused: ${result.error.code} ${result.error.description ?? ''}`.trim(), false);
}

/**
 * Every item of a list, page by page, handed to `visit` parsed; `visit` returns true to stop early (and throws on an
 * item it cannot map). Anything unreadable, or no answer, makes the whole scan `unavailable` — never a partial list.
 */
export async function scanList<T>(
  client: YooKassaClient,
  path: string,
  query: Record<string, string | undefined>,
  schema: z.ZodType<T>,
  visit: (item: T) => boolean | undefined,
): Promise<Scan> {
  const raw: unknown[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const result = await client.get(path, { ...query, limit: String(LIST_LIMIT), cursor });
    raw.push(result.raw);
    if (result.kind !== 'ok') return { status: 'unavailable', failure: failureOf(result), raw };
    const list = listSchema.safeParse(result.body);
    if (!list.success) return { status: 'unavailable', failure: unreadable('Answer is not a list'), raw };
    for (const entry of list.data.items) {
      const item = schema.safeParse(entry);
      if (!item.success) {
        return { status: 'unavailable', failure: unreadable(`Unreadable list item: ${item.error.message}`), raw };
      }
      try {
        if (visit(item.data)) return { status: 'done', raw };
      } catch (error) {
        const message = `Unreadable list item: ${error instanceof Error ? error.message : String(error)}`;
        return { status: 'unavailable', failure: unreadable(message, false), raw };
      }
    }
    cursor = list.data.next_cursor ?? undefined;
    if (!cursor) return { status: 'done', raw };
  }
  return { status: 'unavailable', failure: unreadable(`More than ${MAX_PAGES} pages`, false), raw };
}
