import { and, desc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscriptions } from '../../db/schema/index.js';
import { type Harness, startHarness } from '../support/harness.js';
import { body } from '../support/http.js';

const ROWS = 620;

/** Keyset pages over real rows: nothing skipped, nothing twice, nothing of another user's. */
describe('list pagination', () => {
  let h: Harness;
  let walker: string;
  let admin: string;
  let othersId: string;
  const owner = `pager-${process.pid}`;
  const get = async (path: string, as: 'user' | 'admin' = 'user') => {
    const res = await h.app.request(path, { headers: { authorization: as === 'admin' ? admin : walker } });
    return { status: res.status, body: await body(res) };
  };
  /** Every page from the first, following `starting_after` until `has_more` is false. */
  const walk = async (path: string, limit: number, as: 'user' | 'admin' = 'user') => {
    const seen: string[] = [];
    let pages = 0;
    for (let after: string | undefined; ; pages++) {
      const cursor = after ? `&starting_after=${encodeURIComponent(after)}` : '';
      const page = await get(`${path}${path.includes('?') ? '&' : '?'}limit=${limit}${cursor}`, as);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(limit);
      seen.push(...page.body.items.map((s: { id: string }) => s.id));
      if (!page.body.has_more) return { seen, pages: pages + 1 };
      after = seen.at(-1);
    }
  };

  beforeAll(async () => {
    h = await startHarness({}, { worker: false });
    walker = `Bearer ${await h.token(owner)}`;
    admin = `Bearer ${await h.token('pager-op', { admin: true })}`;
    // Groups of rows share a creation time (ties broken by id), and times differ below a millisecond, which a
    // cursor carried through JavaScript's Date would lose.
    await h.database.db.insert(subscriptions).values(
      Array.from({ length: ROWS }, (_, i) => ({
        id: `sub_page_${(i * 7919) % ROWS}`,
        userId: owner,
        planId: 'monthly',
        status: 'expired' as const,
        createdAt: sql`now() - ${Math.floor(i / 3)} * interval '1 microsecond'`,
      })),
    );
    othersId = `sub_page_other_${process.pid}`;
    await h.database.db
      .insert(subscriptions)
      .values({ id: othersId, userId: `${owner}-other`, planId: 'monthly', status: 'expired' });
  });
  afterAll(async () => {
    await h?.close();
  });

  const expectedOrder = async () =>
    (
      await h.database.db
        .select({ id: subscriptions.id })
        .from(subscriptions)
        .where(and(eq(subscriptions.userId, owner)))
        .orderBy(desc(subscriptions.createdAt), desc(subscriptions.id))
    ).map((r) => r.id);

  it.each([500, 50])(
    'limit=%i walks all 620 rows once each, newest first, has_more false at the end',
    async (limit) => {
      const expected = await expectedOrder();
      expect(expected).toHaveLength(ROWS);
      const { seen, pages } = await walk('/v1/subscriptions', limit);
      expect(seen).toEqual(expected);
      expect(new Set(seen).size).toBe(ROWS);
      expect(pages).toBe(Math.ceil(ROWS / limit));
    },
  );

  it('without limit a page holds 50 and says more follow', async () => {
    const page = await get('/v1/subscriptions');
    expect([page.status, page.body.items.length, page.body.has_more]).toEqual([200, 50, true]);
  });

  it('an admin filtering by user walks the same rows', async () => {
    const { seen } = await walk(`/v1/subscriptions?userId=${owner}`, 200, 'admin');
    expect(seen).toEqual(await expectedOrder());
  });

  it.each([
    ['0', 'limit=0'],
    ['501', 'limit=501'],
    ['ten', 'limit=ten'],
    ['1.5', 'limit=1.5'],
  ])('limit %s is refused with 400 validation_failed naming query.limit', async (_, query) => {
    const res = await get(`/v1/subscriptions?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details.fields[0].path).toBe('query.limit');
  });

  it("another user's id as starting_after is 400 invalid_cursor, never a page of their rows", async () => {
    const res = await get(`/v1/subscriptions?starting_after=${othersId}`);
    expect([res.status, res.body.error.code]).toEqual([400, 'invalid_cursor']);
    // An admin's filter scopes the cursor the same way.
    const filtered = await get(`/v1/subscriptions?userId=${owner}&starting_after=${othersId}`, 'admin');
    expect([filtered.status, filtered.body.error.code]).toEqual([400, 'invalid_cursor']);
  });

  it.each([
    ['/v1/subscriptions?starting_after=sub_nope', 'user'],
    ['/v1/subscriptions?status=active&starting_after=sub_page_1', 'user'],
    ['/v1/admin/audit?starting_after=abc', 'admin'],
    ['/v1/admin/audit?starting_after=99999999999999999999', 'admin'],
    ['/v1/plans?starting_after=plan_nope', 'user'],
  ] as const)('%s is 400 invalid_cursor', async (path, as) => {
    const res = await get(path, as);
    expect([res.status, res.body.error.code]).toEqual([400, 'invalid_cursor']);
  });

  it.each([
    ['/v1/plans', 'user'],
    ['/v1/payments', 'user'],
    ['/v1/subscriptions/sub_page_1/invoices', 'user'],
    ['/v1/refunds', 'admin'],
    ['/v1/admin/events', 'admin'],
    ['/v1/admin/reconciliation/discrepancies', 'admin'],
    ['/v1/admin/audit', 'admin'],
    ['/v1/admin/dunning', 'admin'],
  ] as const)('%s answers { items, has_more } and refuses limit=501', async (path, as) => {
    const page = await get(`${path}?limit=1`, as);
    expect(page.status).toBe(200);
    expect(page.body.items.length).toBeLessThanOrEqual(1);
    expect(typeof page.body.has_more).toBe('boolean');
    expect((await get(`${path}?limit=501`, as)).status).toBe(400);
  });

  it('the plans catalogue pages cheapest first with a cursor', async () => {
    const all = (await get('/v1/plans?limit=500')).body.items.map((p: { id: string }) => p.id);
    expect(all.length).toBeGreaterThan(2);
    const { seen } = await walk('/v1/plans', 1);
    expect(seen).toEqual(all);
  });
});
