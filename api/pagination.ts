// Keyset pagination shared by every list route: `?limit=&starting_after=<id>` in, `{ items, has_more }` out.
import { z } from '@hono/zod-openapi';
import { and, asc, desc, eq, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Database } from '../db/create-db.js';
import { AppError } from '../domain/errors.js';
import { errorResponse } from './schemas.js';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

/** The query parameters every list takes; spread into a route's query schema. */
export const pageQuery = {
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_PAGE_SIZE)
    .default(DEFAULT_PAGE_SIZE)
    .openapi({ description: `Items per page, 1-${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE})`, example: 50 }),
  starting_after: z
    .string()
    .min(1)
    .max(255)
    .optional()
    .openapi({
      description:
        'The `id` of the last item of the previous page: the answer starts right after it. It must be an item of ' +
        'this same list (same filters, visible to the caller), else 400 `invalid_cursor`.',
    }),
};

export type PageRequest = { limit: number; starting_after?: string | undefined };

/** A page of a list: `has_more` is true when items follow the last one (ask again with `starting_after`). */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    has_more: z.boolean().openapi({ description: 'More items follow; pass the last `id` as `starting_after`' }),
  });

/** A list's 400, spread after its auth errors. */
export const pageErrors = {
  400: errorResponse(
    '`validation_failed`: a bad filter or a `limit` outside 1-500; `invalid_cursor`: `starting_after` is not an item ' +
      'of this list (unknown, filtered out, or not visible to the caller)',
  ),
};

export class InvalidCursorError extends AppError {
  constructor(cursor: string) {
    super('invalid_cursor', `starting_after=${cursor} is not an item of this list`, 400, {
      fields: [{ path: 'query.starting_after', message: 'not an item of this list (same filters, visible to you)' }],
    });
  }
}

/**
 * A list's stable, unique order: `keys` end with the table's `id`, all in one direction, so the next page is one
 * row comparison against the cursor's row (read in SQL, at the database's own timestamp precision) on an index.
 */
export interface ListOrder {
  table: PgTable;
  id: AnyPgColumn;
  keys: AnyPgColumn[];
  direction: 'asc' | 'desc';
  /** Turns `starting_after` into an id value; `undefined` when it cannot be one (e.g. not a number). */
  parseCursor?: (raw: string) => unknown;
}

/** The ORDER BY of a list, for callers that read it without a cursor. */
export const orderOf = (order: ListOrder) => order.keys.map((k) => (order.direction === 'asc' ? asc(k) : desc(k)));

/** Reads the rows of one list query: `where` already holds the list's filters (and the caller's scope). */
export type ReadRows<Row> = (where: SQL | undefined, orderBy: SQL[], limit: number) => Promise<Row[]>;

/**
 * One page of a list. The cursor is looked up through the same query as the page (`read`), so an id of another
 * user's row, or of a row the filters exclude, is refused instead of paging into rows the caller may not see.
 */
export async function readPage<Row>(
  request: PageRequest,
  order: ListOrder,
  filters: SQL | undefined,
  read: ReadRows<Row>,
): Promise<{ rows: Row[]; has_more: boolean }> {
  let where = filters;
  const raw = request.starting_after;
  if (raw !== undefined) {
    const cursor = order.parseCursor ? order.parseCursor(raw) : raw;
    if (cursor === undefined) throw new InvalidCursorError(raw);
    const [anchor] = await read(and(filters, eq(order.id, cursor)), [], 1);
    if (!anchor) throw new InvalidCursorError(raw);
    const keys = sql.join(order.keys, sql`, `);
    const comparison = order.direction === 'asc' ? sql`>` : sql`<`;
    where = and(
      filters,
      sql`(${keys}) ${comparison} (select ${keys} from ${order.table} where ${order.id} = ${cursor})`,
    );
  }
  const rows = await read(where, orderOf(order), request.limit + 1);
  return { rows: rows.slice(0, request.limit), has_more: rows.length > request.limit };
}

/** One page of a list that reads its own table's rows as they are (no join, no projection). */
export function readTablePage<T extends PgTable>(
  db: Database,
  request: PageRequest,
  order: ListOrder & { table: T },
  filters: SQL | undefined,
): Promise<{ rows: T['$inferSelect'][]; has_more: boolean }> {
  return readPage(request, order, filters, (where, orderBy, limit) =>
    db
      .select()
      .from(order.table as PgTable)
      .where(where)
      .orderBy(...orderBy)
      .limit(limit),
  ) as Promise<{ rows: T['$inferSelect'][]; has_more: boolean }>;
}
