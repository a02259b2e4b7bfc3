import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import * as schema from './schema/index.js';

export type Schema = typeof schema;
/** Drizzle over either driver; code never needs to know which one it got. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;

export interface DbHandle {
  db: Database;
  driver: 'postgres' | 'pglite';
  /** Applies committed migrations; safe to call on every start. */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export interface DbConfig {
  url?: string | undefined;
  dataDir: string;
  /** postgres.js pool size; ignored by PGlite. */
  maxConnections?: number;
}

/** Arbitrary but fixed: identifies our migration lock among other advisory locks. */
const MIGRATION_LOCK_ID = 7_233_001;

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

/** Drizzle over postgres.js when a URL is given, else over embedded PGlite with its files under `dataDir`. */
export function createDb(config: DbConfig): DbHandle {
  if (config.url) {
    const client = postgres(config.url, { max: config.maxConnections ?? 10, onnotice: () => {} });
    const db = drizzlePostgres(client, { schema, casing: 'snake_case' });
    return {
      db: db as unknown as Database,
      driver: 'postgres',
      // Several API and worker replicas start at once: an advisory lock lets one migrate while the others wait.
      migrate: async () => {
        const session = await client.reserve();
        try {
          await session`select pg_advisory_lock(${MIGRATION_LOCK_ID})`;
          await migratePostgres(db, { migrationsFolder });
        } finally {
          await session`select pg_advisory_unlock(${MIGRATION_LOCK_ID})`.catch(() => {});
          session.release();
        }
      },
      close: () => client.end({ timeout: 5 }),
    };
  }
  const dir = resolve(join(config.dataDir, 'pglite'));
  mkdirSync(dir, { recursive: true });
  const client = new PGlite(dir);
  const db = drizzlePglite(client, { schema, casing: 'snake_case' });
  return {
    db: db as unknown as Database,
    driver: 'pglite',
    migrate: () => migratePglite(db, { migrationsFolder }),
    close: () => client.close(),
  };
}

/** Creates the handle and applies migrations, as every entry point does at startup. */
export async function openDb(config: DbConfig): Promise<DbHandle> {
  const handle = createDb(config);
  try {
    await handle.migrate();
  } catch (error) {
    await handle.close().catch(() => {});
    throw error;
  }
  return handle;
}
