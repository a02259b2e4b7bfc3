// The operators' work queues over real rows through the app: what each shows, each filter, and page by page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventDeliveries,
  eventOutbox,
  invoices,
  payments,
  plans,
  reconciliationDiscrepancies,
  refunds,
  subscriptions,
} from '../../db/schema/index.js';
import { type Harness, startHarness } from '../support/harness.js';
import { body } from '../support/http.js';

const HOUR = 3_600_000;
const base = new Date('2026-11-20T00:00:00Z');
const hoursAfter = (h: number) => new Date(base.getTime() + h * HOUR);

describe('work queues', () => {
  let h: Harness;
  let admin: string;
  let user: string;
  const get = async (path: string, as?: string) => {
    const res = await h.app.request(path, { headers: { authorization: as ?? admin } });
    return { status: res.status, body: await body(res) };
  };
  /** Every page of a list with `limit`, following `starting_after`: the ids in order. */
  const walk = async (path: string, limit: number) => {
    const seen: string[] = [];
    for (let after: string | undefined; ; ) {
      const cursor = after ? `&starting_after=${encodeURIComponent(after)}` : '';
      const page = await get(`${path}${path.includes('?') ? '&' : '?'}limit=${limit}${cursor}`);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(limit);
      seen.push(...page.body.items.map((item: { id: string }) => item.id));
      if (!page.body.has_more) return seen;
      after = seen.at(-1);
    }
  };

  beforeAll(async () => {
    h = await startHarness({}, { worker: false });
    admin = `Bearer ${await h.token('queue-op', { admin: true })}`;
    user = `Bearer ${await h.token('queue-user')}`;
    const { db } = h.database;
    await db.insert(plans).values([
      { id: 'q-rub', name: 'Q', amount: 29_900, currency: 'RUB', periodUnit: 'month', periodCount: 1 },
      { id: 'q-usd', name: 'Q$', amount: 999, currency: 'USD', periodUnit: 'month', periodCount: 1 },
    ]);
    // Five subscriptions in dunning (q-1 oldest), one active one that has no place in the queue.
    const dunning = [
      { n: 1, plan: 'q-rub', retry: hoursAfter(30), decline: 'soft' as const },
      { n: 2, plan: 'q-rub', retry: null, decline: 'hard' as const },
      { n: 3, plan: 'q-usd', retry: hoursAfter(50), decline: 'soft' as const },
      { n: 4, plan: 'q-rub', retry: hoursAfter(70), decline: 'soft' as const },
      { n: 5, plan: 'q-usd', retry: hoursAfter(26), decline: 'soft' as const },
    ];
    await db.insert(subscriptions).values([
      ...dunning.map((d) => ({
        id: `sub_q${d.n}`,
        userId: `queue-u${d.n}`,
        planId: d.plan,
        status: 'past_due' as const,
        pastDueSince: hoursAfter(d.n),
        nextChargeAt: d.retry,
        createdAt: hoursAfter(-100 + d.n),
      })),
      { id: 'sub_q_active', userId: 'queue-u9', planId: 'q-rub', status: 'active' as const },
    ]);
    for (const d of dunning) {
      const usd = d.plan === 'q-usd';
      const money = { amount: usd ? 999 : 29_900, currency: usd ? 'USD' : 'RUB' };
      // A paid renewal of the period before, then the unpaid one: the queue shows the unpaid one.
      await db.insert(invoices).values([
        {
          id: `inv_q${d.n}_0`,
          subscriptionId: `sub_q${d.n}`,
          kind: 'renewal',
          status: 'paid',
          ...money,
          periodStart: hoursAfter(-720),
          periodEnd: hoursAfter(0),
          attempts: 1,
        },
        {
          id: `inv_q${d.n}_1`,
          subscriptionId: `sub_q${d.n}`,
          kind: 'renewal',
          status: 'open',
          ...money,
          periodStart: hoursAfter(0),
          periodEnd: hoursAfter(720),
          attempts: 2,
        },
      ]);
      const payment = (attempt: number, invoice: string, extra: Partial<typeof payments.$inferInsert>) => ({
        id: `pay_q${d.n}_${attempt}`,
        invoiceId: invoice,
        subscriptionId: `sub_q${d.n}`,
        userId: `queue-u${d.n}`,
        attempt,
        idempotencyKey: `pay_q${d.n}_${attempt}`,
        provider: 'cloudpayments',
        ...money,
        status: 'declined' as const,
        ...extra,
      });
      await db.insert(payments).values([
        payment(0, `inv_q${d.n}_0`, { status: 'succeeded', createdAt: hoursAfter(-1) }),
        // The first decline was soft; the last one's class is the one the queue shows and filters on.
        payment(1, `inv_q${d.n}_1`, {
          declineCode: '5051',
          declineReason: 'InsufficientFunds',
          declineClass: 'soft',
          createdAt: hoursAfter(d.n),
        }),
        payment(2, `inv_q${d.n}_1`, {
          declineCode: d.decline === 'hard' ? '5054' : '5051',
          declineReason: d.decline === 'hard' ? 'StolenCard' : 'InsufficientFunds',
          declineClass: d.decline,
          createdAt: hoursAfter(d.n + 24),
        }),
      ]);
    }
    // Payments whose outcome is unknown: three at CloudPayments, one at YooKassa.
    await db.insert(payments).values(
      ['cloudpayments', 'cloudpayments', 'cloudpayments', 'yookassa'].map((provider, i) => ({
        id: `pay_qu${i}`,
        invoiceId: 'inv_q1_1',
        subscriptionId: 'sub_q1',
        userId: 'queue-u1',
        attempt: 10 + i,
        idempotencyKey: `pay_qu${i}`,
        provider,
        amount: 29_900,
        currency: 'RUB',
        status: 'unknown' as const,
        createdAt: hoursAfter(40 + i),
      })),
    );
    await db.insert(refunds).values(
      (['awaiting_approval', 'awaiting_approval', 'awaiting_approval', 'succeeded'] as const).map((status, i) => ({
        id: `ref_q${i}`,
        paymentId: 'pay_q1_0',
        amount: 1_000 + i,
        currency: 'RUB',
        status,
        reason: 'customer asked',
        idempotencyKey: `ref_q${i}`,
        requestedBy: `op-${i}`,
        createdAt: hoursAfter(60 + i),
      })),
    );
    await db.insert(reconciliationDiscrepancies).values(
      (
        [
          ['duplicate_charge', false],
          ['duplicate_charge', false],
          ['status_mismatch', false],
          ['duplicate_charge', true],
        ] as const
      ).map(([kind, resolved], i) => ({
        id: `dsc_q${i}`,
        kind,
        provider: 'cloudpayments',
        subject: `pay_q${i}`,
        runId: 'run-q',
        resolved,
        detectedAt: hoursAfter(80 + i),
      })),
    );
    await db.insert(eventOutbox).values(
      [false, false, false, true].map((delivered, i) => ({
        id: `evt_q${i}`,
        type: 'payment.failed',
        subscriptionId: 'sub_q1',
        sequence: 100 + i,
        data: {},
        createdAt: hoursAfter(90 + i),
        deliveredAt: delivered ? hoursAfter(91 + i) : null,
        attempts: delivered ? 1 : 3,
        lastError: delivered ? null : 'HTTP 503',
      })),
    );
    await db.insert(eventDeliveries).values({
      eventId: 'evt_q0',
      endpoint: 'https://receiver.example/events',
      attempts: 3,
      lastStatus: 503,
      lastError: 'HTTP 503',
      lastAttemptAt: hoursAfter(95),
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  describe('GET /v1/admin/dunning', () => {
    it('lists past_due subscriptions newest first with the unpaid invoice, attempts, last decline and next retry', async () => {
      const page = await get('/v1/admin/dunning');
      expect(page.status).toBe(200);
      expect(page.body.has_more).toBe(false);
      expect(page.body.items.map((i: { id: string }) => i.id)).toEqual([
        'sub_q5',
        'sub_q4',
        'sub_q3',
        'sub_q2',
        'sub_q1',
      ]);
      expect(page.body.items[3]).toEqual({
        id: 'sub_q2',
        userId: 'queue-u2',
        planId: 'q-rub',
        pastDueSince: hoursAfter(2).toISOString(),
        nextRetryAt: null,
        invoiceId: 'inv_q2_1',
        amount: 29_900,
        currency: 'RUB',
        attempts: 2,
        lastDeclinedAt: hoursAfter(26).toISOString(),
        declineCode: '5054',
        declineReason: 'StolenCard',
        declineClass: 'hard',
        createdAt: hoursAfter(-98).toISOString(),
      });
      expect(page.body.items[0]).toMatchObject({
        nextRetryAt: hoursAfter(26).toISOString(),
        invoiceId: 'inv_q5_1',
        amount: 999,
        currency: 'USD',
        declineClass: 'soft',
      });
    });

    it.each([
      ['planId=q-usd', ['sub_q5', 'sub_q3']],
      ['declineClass=hard', ['sub_q2']],
      ['declineClass=soft', ['sub_q5', 'sub_q4', 'sub_q3', 'sub_q1']],
      [`retryBefore=${hoursAfter(50).toISOString()}`, ['sub_q5', 'sub_q1']],
      [`planId=q-rub&declineClass=soft&retryBefore=${hoursAfter(71).toISOString()}`, ['sub_q4', 'sub_q1']],
    ])('?%s keeps only %j', async (filter, expected) => {
      expect(await walk(`/v1/admin/dunning?${filter}`, 50)).toEqual(expected);
    });

    it('pages of 2 walk the queue once each, in order', async () => {
      expect(await walk('/v1/admin/dunning', 2)).toEqual(['sub_q5', 'sub_q4', 'sub_q3', 'sub_q2', 'sub_q1']);
      expect(await walk('/v1/admin/dunning?declineClass=soft', 1)).toEqual(['sub_q5', 'sub_q4', 'sub_q3', 'sub_q1']);
    });

    it('a cursor outside the queue (an active subscription, or one another filter drops) is invalid_cursor', async () => {
      const active = await get('/v1/admin/dunning?starting_after=sub_q_active');
      expect(active.status).toBe(400);
      expect(active.body.error.code).toBe('invalid_cursor');
      const filtered = await get('/v1/admin/dunning?declineClass=soft&starting_after=sub_q2');
      expect(filtered.status).toBe(400);
      expect(filtered.body.error.code).toBe('invalid_cursor');
    });

    it('a bad filter is validation_failed, and a non-admin gets 403', async () => {
      expect((await get('/v1/admin/dunning?declineClass=medium')).status).toBe(400);
      expect((await get('/v1/admin/dunning?retryBefore=tomorrow')).status).toBe(400);
      expect((await get('/v1/admin/dunning', user)).status).toBe(403);
    });
  });

  describe('queues that are filters of existing lists', () => {
    it('payments with unknown outcome (?status=unknown), by acquirer, page by page', async () => {
      expect(await walk('/v1/payments?status=unknown', 2)).toEqual(['pay_qu3', 'pay_qu2', 'pay_qu1', 'pay_qu0']);
      expect(await walk('/v1/payments?status=unknown&acquirer=cloudpayments', 1)).toEqual([
        'pay_qu2',
        'pay_qu1',
        'pay_qu0',
      ]);
      const page = await get('/v1/payments?status=unknown&acquirer=yookassa');
      expect(page.body.items).toEqual([
        expect.objectContaining({
          id: 'pay_qu3',
          acquirer: 'yookassa',
          invoiceId: 'inv_q1_1',
          createdAt: hoursAfter(43).toISOString(),
        }),
      ]);
    });

    it('refunds waiting for approval (?status=awaiting_approval) with who asked, the amount and when', async () => {
      expect(await walk('/v1/refunds?status=awaiting_approval', 2)).toEqual(['ref_q2', 'ref_q1', 'ref_q0']);
      const page = await get('/v1/refunds?status=awaiting_approval&limit=1');
      expect(page.body.items[0]).toMatchObject({
        requestedBy: 'op-2',
        amount: 1_002,
        createdAt: hoursAfter(62).toISOString(),
      });
    });

    it('unresolved discrepancies (?resolved=false), by kind', async () => {
      expect(await walk('/v1/admin/reconciliation/discrepancies?resolved=false', 2)).toEqual([
        'dsc_q2',
        'dsc_q1',
        'dsc_q0',
      ]);
      expect(await walk('/v1/admin/reconciliation/discrepancies?resolved=false&kind=duplicate_charge', 1)).toEqual([
        'dsc_q1',
        'dsc_q0',
      ]);
    });

    it("undelivered events (?delivered=false) with each endpoint's attempts and last error", async () => {
      expect(await walk('/v1/admin/events?delivered=false', 2)).toEqual(['evt_q2', 'evt_q1', 'evt_q0']);
      const page = await get('/v1/admin/events?delivered=false&starting_after=evt_q1');
      expect(page.body.items[0]).toMatchObject({
        id: 'evt_q0',
        attempts: 3,
        lastError: 'HTTP 503',
        deliveries: [
          { endpoint: 'https://receiver.example/events', attempts: 3, lastStatus: 503, lastError: 'HTTP 503' },
        ],
      });
    });
  });

  describe('GET /v1/admin/finance/summary', () => {
    it('answers the summary of the asked day to an admin', async () => {
      const res = await get('/v1/admin/finance/summary?date=2026-11-21');
      expect(res.status).toBe(200);
      expect(res.body.date).toBe('2026-11-21');
      expect(res.body.window).toEqual({ from: '2026-10-23T00:00:00.000Z', to: '2026-11-22T00:00:00.000Z' });
      expect(res.body.liveSubscriptions).toEqual(
        expect.arrayContaining([
          { planId: 'q-rub', status: 'past_due', count: 3 },
          { planId: 'q-usd', status: 'past_due', count: 2 },
        ]),
      );
      // The five invoices were first declined on 2026-11-20 and none is paid yet.
      expect(res.body.dunningRecovery).toEqual({ entered: 5, recovered: 0, inDunning: 5, lost: 0, rate: 0 });
      // The second declines of each (24 hours after the first) fell on 2026-11-21.
      expect(res.body.renewals.declined.count).toBe(5);
    });

    it('without a date answers today (UTC); a bad date is validation_failed; a non-admin gets 403', async () => {
      const today = await get('/v1/admin/finance/summary');
      expect(today.status).toBe(200);
      expect(today.body.date).toBe(new Date().toISOString().slice(0, 10));
      for (const bad of ['2026-13-01', '03.12.2026', '2026-12-3'])
        expect((await get(`/v1/admin/finance/summary?date=${bad}`)).status).toBe(400);
      expect((await get('/v1/admin/finance/summary', user)).status).toBe(403);
    });
  });
});
