import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type DbHandle, openDb } from '../../db/create-db.js';
import { invoices, payments, plans, refunds, subscriptions, webhookInbox } from '../../db/schema/index.js';

const dataDir = mkdtempSync(join(tmpdir(), 'billing-pglite-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const drivers = [
  { name: 'PGlite (no DATABASE_URL)', config: () => ({ url: undefined, dataDir }) },
  { name: 'PostgreSQL (DATABASE_URL)', config: () => ({ url: inject('databaseUrl'), dataDir }) },
];

/** The single row an insert … returning() gave back. */
function one<T>(rows: T[]): T {
  const [row] = rows;
  if (row === undefined) throw new Error('expected a returned row');
  return row;
}

/** Postgres reports a violated constraint by name; drizzle wraps it, so look through the cause chain. */
async function violation(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    let e: unknown = error;
    while (e && typeof e === 'object') {
      const name =
        (e as { constraint_name?: string; constraint?: string }).constraint_name ??
        (e as { constraint?: string }).constraint;
      if (name) return name;
      e = (e as { cause?: unknown }).cause;
    }
    throw error;
  }
  throw new Error('expected a constraint violation, but the write succeeded');
}

describe.each(drivers)('$name', ({ config }) => {
  let h: DbHandle;
  const id = () => randomUUID().slice(0, 8);
  const planId = `p-${id()}`;

  beforeAll(async () => {
    h = await openDb(config());
    await h.db
      .insert(plans)
      .values({ id: planId, name: 'P', amount: 100, currency: 'RUB', periodUnit: 'month', periodCount: 1 });
  });
  afterAll(async () => {
    await h?.close();
  });

  const subscription = (userId: string, status: 'pending_payment' | 'active' | 'canceled' = 'active') =>
    h.db
      .insert(subscriptions)
      .values({ id: `sub-${id()}`, userId, planId, status })
      .returning();

  const invoiceFor = async () => {
    const sub = one(await subscription(`user-${id()}`));
    const inv = one(
      await h.db
        .insert(invoices)
        .values({
          id: `inv-${id()}`,
          subscriptionId: sub.id,
          kind: 'initial',
          amount: 100,
          currency: 'RUB',
          periodStart: new Date(),
          periodEnd: new Date(),
        })
        .returning(),
    );
    return { sub, inv };
  };

  const payment = (sub: { id: string; userId: string }, invoiceId: string, attempt: number, key = `k-${id()}`) =>
    h.db
      .insert(payments)
      .values({
        id: `pay-${id()}`,
        invoiceId,
        subscriptionId: sub.id,
        userId: sub.userId,
        attempt,
        idempotencyKey: key,
        provider: 'cloudpayments',
        amount: 100,
        currency: 'RUB',
      })
      .returning();

  it('applies the migrations and answers queries; applying them again is a no-op', async () => {
    await h.migrate();
    const result = await h.db.execute(sql`select count(*)::int as n from plans where id = ${planId}`);
    const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Array<{ n: number }>;
    expect(rows[0]?.n).toBe(1);
  });

  it('allows one live subscription per user, but any number of ended ones', async () => {
    const user = `user-${id()}`;
    await subscription(user, 'canceled');
    await subscription(user, 'canceled');
    await subscription(user, 'active');
    expect(await violation(subscription(user, 'pending_payment'))).toBe('subscriptions_one_live_per_user');
  });

  it('allows one payment per invoice attempt and per idempotency key', async () => {
    const { sub, inv } = await invoiceFor();
    await payment(sub, inv.id, 1, `key-${inv.id}`);
    expect(await violation(payment(sub, inv.id, 1))).toBe('payments_invoice_attempt_uq');
    expect(await violation(payment(sub, inv.id, 2, `key-${inv.id}`))).toBe('payments_idempotency_key_uq');
  });

  it('never lets refunded plus reserved exceed the captured amount', async () => {
    const { sub, inv } = await invoiceFor();
    const pay = one(await payment(sub, inv.id, 1));
    await h.db.update(payments).set({ reservedRefundAmount: 60 }).where(eq(payments.id, pay.id));
    const over = h.db.update(payments).set({ refundedAmount: 50 }).where(eq(payments.id, pay.id));
    expect(await violation(over)).toBe('payments_refunds_within_capture');
  });

  it('keeps one refund per idempotency key', async () => {
    const { sub, inv } = await invoiceFor();
    const pay = one(await payment(sub, inv.id, 1));
    const refund = () =>
      h.db.insert(refunds).values({
        id: `ref-${id()}`,
        paymentId: pay.id,
        amount: 10,
        currency: 'RUB',
        reason: 'r',
        idempotencyKey: `rk-${pay.id}`,
        requestedBy: 'op',
      });
    await refund();
    expect(await violation(refund())).toBe('refunds_idempotency_key_uq');
  });

  it('stores a redelivered acquirer notification once', async () => {
    const dedupeKey = `tx-${id()}`;
    const row = {
      provider: 'cloudpayments',
      kind: 'pay',
      dedupeKey,
      rawBody: 'a=1',
      payload: { a: '1' },
      authenticity: 'signed' as const,
    };
    const first = await h.db.insert(webhookInbox).values(row).onConflictDoNothing().returning();
    const second = await h.db.insert(webhookInbox).values(row).onConflictDoNothing().returning();
    expect([first.length, second.length]).toEqual([1, 0]);
  });

  it('rejects statuses outside the shared vocabulary', async () => {
    const bad = h.db
      .insert(subscriptions)
      .values({ id: `sub-${id()}`, userId: 'u', planId, status: 'paused' as 'active' });
    expect(await violation(bad)).toBe('subscriptions_status_valid');
  });
});

describe('PGlite persistence', () => {
  it('finds, after a reopen, what an earlier handle wrote to the same DATA_DIR', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'billing-pglite-reopen-'));
    try {
      const first = await openDb({ dataDir: dir });
      await first.db
        .insert(plans)
        .values({ id: 'kept', name: 'Kept', amount: 1, currency: 'RUB', periodUnit: 'day', periodCount: 1 });
      await first.close();
      const second = await openDb({ dataDir: dir });
      const rows = await second.db.select().from(plans).where(eq(plans.id, 'kept'));
      await second.close();
      expect(rows.map((r) => r.name)).toEqual(['Kept']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
