// Issue 14, point 3, over both drivers: the inbox relay's atomic claim and guarded outcome, and the acquirer's
// `check` decided by one query (the other payments of the invoice read in the same statement).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { AcquirerNotification } from '../../acquiring/provider.js';
import { decideCheck } from '../../api/routes/webhooks/check-decision.js';
import { claimDueInbox, markDelivered, markInbox } from '../../api/routes/webhooks/inbox.js';
import { type DbHandle, openDb } from '../../db/create-db.js';
import { invoices, payments, plans, subscriptions, webhookInbox } from '../../db/schema/index.js';

const dataDir = mkdtempSync(join(tmpdir(), 'billing-inbox-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const drivers = [
  { name: 'PGlite (no DATABASE_URL)', config: () => ({ url: undefined, dataDir }) },
  { name: 'PostgreSQL (DATABASE_URL)', config: () => ({ url: inject('databaseUrl'), dataDir }) },
];

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

  describe('check, in one query', () => {
    type Other = { status: 'succeeded' | 'pending' | 'declined'; tx: string | null; refunded?: number; id?: string };
    const invoiceWith = async (payer: string, others: Other[]) => {
      const [sub, inv] = [`sub-${id()}`, `inv-${id()}`];
      await h.db.insert(subscriptions).values({ id: sub, userId: payer, planId, status: 'pending_payment' });
      const periodEnd = new Date(Date.now() + 3_600_000);
      await h.db.insert(invoices).values({
        ...{ id: inv, subscriptionId: sub, kind: 'initial', amount: 100, currency: 'RUB' },
        ...{ periodStart: new Date(), periodEnd },
      });
      for (const [i, o] of others.entries()) {
        await h.db.insert(payments).values({
          ...{ id: o.id ?? `pay-${id()}`, invoiceId: inv, subscriptionId: sub, userId: payer, attempt: i + 1 },
          ...{
            idempotencyKey: `k-${id()}`,
            provider: 'cloudpayments',
            providerTransactionId: o.tx && `${o.tx}-${payer}`,
          },
          ...{ amount: 100, currency: 'RUB', status: o.status, refundedAmount: o.refunded ?? 0 },
        });
      }
      return inv;
    };
    const check = (invoiceId: string, payer: string, more: Partial<AcquirerNotification> = {}) =>
      decideCheck(
        h.db,
        {
          ...{ action: 'payment_check', providerTransactionId: `tx-this-${payer}`, invoiceId, accountId: payer },
          ...{ amount: 100, currency: 'RUB', dedupeKey: 'check:tx-this', raw: null },
          ...more,
        },
        new Date(),
      );

    it.each<[string, string, Other[], Partial<AcquirerNotification>]>([
      ['no other payment', 'accept', [], {}],
      ['another captured payment', 'not_acceptable', [{ status: 'succeeded', tx: 'tx-other' }], {}],
      [
        'another captured payment, refunded in full',
        'accept',
        [{ status: 'succeeded', tx: 'tx-o', refunded: 100 }],
        {},
      ],
      ['this very transaction, captured', 'accept', [{ status: 'succeeded', tx: 'tx-this' }], {}],
      ['another payment under way at the acquirer', 'not_acceptable', [{ status: 'pending', tx: 'tx-other' }], {}],
      ['an attempt of ours the acquirer has not named yet', 'accept', [{ status: 'pending', tx: null }], {}],
      ['the attempt whose id the check echoes', 'accept', [{ status: 'pending', tx: 'tx-x', id: 'p-echo' }], {}],
      ['a declined attempt', 'accept', [{ status: 'declined', tx: 'tx-other' }], {}],
      ['another account', 'wrong_account', [], { accountId: 'someone-else' }],
      ['another amount', 'wrong_amount', [], { amount: 99 }],
    ])('%s → %s', async (_, expected, others, more) => {
      const payer = `payer-${id()}`;
      const invoiceId = await invoiceWith(
        payer,
        others.map((o) => (o.id ? { ...o, id: `${o.id}-${id()}` } : o)),
      );
      // The echoed id is the attempt's own (made unique per case above).
      const paymentId = others.some((o) => o.id) ? await paymentIdOf(invoiceId) : undefined;
      expect(await check(invoiceId, payer, { ...more, ...(paymentId ? { paymentId } : {}) })).toBe(expected);
    });

    const paymentIdOf = async (invoiceId: string) =>
      (await h.db.select({ id: payments.id }).from(payments).where(eq(payments.invoiceId, invoiceId)))[0]?.id;

    it('an unknown invoice → unknown_invoice', async () => {
      expect(await check(`inv-missing-${id()}`, 'payer')).toBe('unknown_invoice');
    });
  });

  describe('the relay’s claim', () => {
    const store = async () => {
      const [row] = await h.db
        .insert(webhookInbox)
        .values({
          ...{ provider: 'cloudpayments', kind: 'pay', dedupeKey: `pay:${id()}`, rawBody: 'a=1' },
          ...{ payload: { a: '1' }, authenticity: 'signed' as const },
        })
        .returning();
      if (!row) throw new Error('not stored');
      return row;
    };
    const rowOf = async (rowId: number) =>
      (await h.db.select().from(webhookInbox).where(eq(webhookInbox.id, rowId)))[0];

    it('two relays claiming at once never take the same row, and a taken row is not due again while leased', async () => {
      const stored = await Promise.all(Array.from({ length: 6 }, store));
      const [first, second] = await Promise.all([claimDueInbox(h.db, 4, 60_000), claimDueInbox(h.db, 4, 60_000)]);
      const mine = new Set(stored.map((r) => r.id));
      const taken = [...(first ?? []), ...(second ?? [])].map((r) => r.id).filter((i) => mine.has(i));
      expect(new Set(taken).size).toBe(taken.length);
      const rest = await claimDueInbox(h.db, 50, 60_000);
      expect([...taken, ...rest.map((r) => r.id)].filter((i) => mine.has(i)).sort()).toEqual([...mine].sort());
      expect((await claimDueInbox(h.db, 50, 60_000)).filter((r) => mine.has(r.id))).toEqual([]);
    });

    it('an outcome is written only while the row is still the one the relay took; an error is due again later', async () => {
      const row = await store();
      const [taken] = (await claimDueInbox(h.db, 50, 60_000)).filter((r) => r.id === row.id);
      if (!taken) throw new Error('not taken');
      await markInbox(h.db, { id: row.id, attempts: taken.attempts - 1 }, { processedAt: new Date() });
      await markDelivered(h.db, [{ id: row.id, attempts: taken.attempts - 1 }], new Date());
      expect((await rowOf(row.id))?.processedAt).toBeNull();
      await markInbox(h.db, taken, { error: new Error('temporal down'), retryInMs: 0 });
      const failed = await rowOf(row.id);
      expect(failed?.processError).toBe('Error: temporal down');
      const [again] = (await claimDueInbox(h.db, 50, 60_000)).filter((r) => r.id === row.id);
      expect(again?.attempts).toBe(2);
      if (!again) throw new Error('not taken again');
      const other = await store();
      const [otherTaken] = (await claimDueInbox(h.db, 50, 60_000)).filter((r) => r.id === other.id);
      if (!otherTaken) throw new Error('not taken');
      await markDelivered(h.db, [again, otherTaken], new Date());
      expect(await rowOf(row.id)).toMatchObject({ processError: null, attempts: 2 });
      expect((await rowOf(other.id))?.processedAt).not.toBeNull();
      expect((await rowOf(row.id))?.processedAt).not.toBeNull();
    });
  });
});
