import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../db/create-db.js';
import journal from '../../db/migrations/meta/_journal.json' with { type: 'json' };
import { createFreshDatabase } from '../support/fresh-database.js';

describe('migrations on PostgreSQL', () => {
  it('four replicas starting at once on an empty database all succeed and apply each migration once', async () => {
    const fresh = await createFreshDatabase();
    try {
      const handles = await Promise.all(
        Array.from({ length: 4 }, () => openDb({ url: fresh.url, dataDir: '.', maxConnections: 2 })),
      );
      await Promise.all(handles.map((h) => h.close()));
      const check = postgres(fresh.url, { max: 1, onnotice: () => {} });
      const [row] = await check`select count(*)::int as n from drizzle.__drizzle_migrations`;
      await check.end();
      expect(row?.n).toBe(journal.entries.length);
    } finally {
      await fresh.drop();
    }
  });
});
