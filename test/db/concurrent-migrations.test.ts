import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { describe, expect, inject, it } from 'vitest';
import { openDb } from '../../db/create-db.js';

describe('migrations on PostgreSQL', () => {
  it('four replicas starting at once on an empty database all succeed and apply each migration once', async () => {
    const admin = postgres(inject('databaseUrl'), { max: 1, onnotice: () => {} });
    const name = `billing_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    await admin.unsafe(`create database ${name}`);
    const url = inject('databaseUrl').replace(/\/[^/]+$/, `/${name}`);
    try {
      const handles = await Promise.all(
        Array.from({ length: 4 }, () => openDb({ url, dataDir: '.', maxConnections: 2 })),
      );
      await Promise.all(handles.map((h) => h.close()));
      const check = postgres(url, { max: 1, onnotice: () => {} });
      const [row] = await check`select count(*)::int as n from drizzle.__drizzle_migrations`;
      await check.end();
      const journal = await import('../../db/migrations/meta/_journal.json', { with: { type: 'json' } });
      expect(row?.n).toBe(journal.default.entries.length);
    } finally {
      await admin.unsafe(`drop database ${name} with (force)`);
      await admin.end();
    }
  });
});
