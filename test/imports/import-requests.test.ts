import { asc, count, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newImportJobId, storeImportJob } from '../../api/routes/admin/import-jobs.js';
import {
  eventOutbox,
  paymentMethods,
  subscriptionImportJobs,
  subscriptionImportRows,
  subscriptions,
} from '../../db/schema/index.js';
import { createTokenSeal } from '../../db/token-seal.js';
import { subscriptionImportWorkflow } from '../../workflows/subscription-import-workflow.js';
import { subscriptionImportWorkflowId } from '../../workflows/workflow-ids.js';
import { billingClient, createPlan, type Json, until } from '../support/billing-client.js';
import { type Harness, startHarness } from '../support/harness.js';
import { completedJob, IMPORT_PATH, importJob, mintTokens, postImport, tag, transactionsOf } from './import-support.js';

describe('import requests', () => {
  let h: Harness;
  let planId: string;
  beforeAll(async () => {
    h = await startHarness();
    planId = await createPlan(h);
  });
  afterAll(async () => {
    await h?.close();
  });

  const stored = async () => {
    const { db } = h.database;
    const jobs = (await db.select({ n: count() }).from(subscriptionImportJobs))[0]?.n;
    const rows = (await db.select({ n: count() }).from(subscriptionImportRows))[0]?.n;
    return { jobs, rows };
  };
  const inADay = () => new Date(Date.now() + 86_400_000).toISOString();
  const row = (over: Record<string, unknown> = {}) => ({
    externalId: `old-${tag()}`,
    userId: `imp-${tag()}`,
    planId,
    currentPeriodEnd: inADay(),
    cardToken: `tk_${tag()}`,
    ...over,
  });

  const malformed: Array<[string, unknown]> = [
    ['items is not a list', { items: 'everyone' }],
    ['no rows', { items: [] }],
    ['10,001 rows', { items: Array.from({ length: 10_001 }, () => row()) }],
    ['a row whose period end is not a time', { items: [row(), row({ currentPeriodEnd: 12 })] }],
    ['a row without its card token', { items: [{ ...row(), cardToken: undefined }] }],
    [
      'a row whose cardLastFour and card.last4 disagree',
      { items: [row({ cardLastFour: '4242', card: { last4: '1111' } })] },
    ],
    ['a row whose cardLastFour is not four digits', { items: [row({ cardLastFour: '42' })] }],
  ];
  it.each(malformed)('%s: 422 validation_failed, and nothing is stored', async (_, body) => {
    const before = await stored();
    const res = await billingClient(h).call('POST', IMPORT_PATH, 'admin-importer', body);
    expect([res.status, res.body.error.code]).toEqual([422, 'validation_failed']);
    expect(res.body.error.details.fields[0].path).toMatch(/^json\.items/);
    expect(await stored()).toEqual(before);
  });

  it('an unknown job is 404 import_not_found', async () => {
    const res = await billingClient(h).call('GET', `${IMPORT_PATH}/imp_nosuchjob`, 'admin-importer');
    expect([res.status, res.body.error.code]).toEqual([404, 'import_not_found']);
  });

  it('only admins: no token is 401, a viewer 403, for the import and its progress', async () => {
    const api = billingClient(h);
    const anonymous = await fetch(`${h.apiUrl}${IMPORT_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ items: [row()] }),
    });
    expect(anonymous.status).toBe(401);
    expect((await api.call('POST', IMPORT_PATH, 'viewer', { items: [row()] })).status).toBe(403);
    expect((await api.call('GET', `${IMPORT_PATH}/imp_any`, 'viewer')).status).toBe(403);
  });

  it('reports each bad row with its code, imports the good one, and charges nobody', async () => {
    const first = row();
    const [user, other] = [first.userId, `imp-${tag()}`];
    const tokens = await mintTokens(h, [user, other]);
    first.cardToken = tokens.get(user).token;
    Object.assign(first, { cardLastFour: tokens.get(user).last4, card: { brand: 'Visa' } });
    const rows = [
      first,
      { ...row({ userId: other }), externalId: first.externalId },
      row({ userId: other, planId: `gone-${tag()}` }),
      row({ userId: other, currentPeriodEnd: new Date(Date.now() - 1000).toISOString() }),
      row({ userId: other, cardToken: 'not a token' }),
      row({ userId: other, acquirer: 'nowhere' }),
      row({ userId: user }),
    ];
    const accepted = await postImport(h, rows);
    expect(accepted.status).toBe(202);
    const job = await completedJob(h, accepted.body.id);
    expect(job).toMatchObject({ total: 7, imported: 1, alreadyImported: 0, failed: 6 });
    expect(job.errors.map((e: Json) => [e.row, e.code])).toEqual([
      [1, 'duplicate_external_id'],
      [2, 'plan_not_found'],
      [3, 'period_end_in_past'],
      [4, 'invalid_card_token'],
      [5, 'acquirer_not_configured'],
      [6, 'subscription_exists'],
    ]);
    const mine = await h.database.db.select().from(subscriptions).where(eq(subscriptions.userId, user));
    expect(mine).toMatchObject([{ status: 'active', planId }]);
    const [card] = await h.database.db
      .select()
      .from(paymentMethods)
      .where(eq(paymentMethods.subscriptionId, mine[0]?.id ?? ''));
    expect(card).toMatchObject({ cardLastFour: tokens.get(user).last4, cardType: 'Visa' });
    expect(await transactionsOf(h, new Set([user, other]))).toEqual([]);
    // The sealed tokens do not outlive their rows' outcomes.
    const left = await h.database.db
      .select({ token: subscriptionImportRows.sealedCardToken })
      .from(subscriptionImportRows)
      .where(eq(subscriptionImportRows.jobId, job.id));
    expect(left.every((r) => r.token === null)).toBe(true);
  });

  it('three imported subscribers renew at their period end, each charged once by the imported token', async () => {
    const users = [0, 1, 2].map(() => `imp-${tag()}`);
    const tokens = await mintTokens(h, users);
    const periodEnd = new Date(Math.ceil((Date.now() + 5000) / 1000) * 1000).toISOString();
    const rows = users.map((userId) =>
      row({ userId, currentPeriodEnd: periodEnd, cardToken: tokens.get(userId).token }),
    );
    const job = await completedJob(h, (await postImport(h, rows)).body.id);
    expect(job).toMatchObject({ imported: 3, failed: 0 });
    const charged = await until(
      'three captures',
      async () => {
        const done = (await transactionsOf(h, new Set(users))).filter((t) => t.Status === 'Completed');
        return done.length >= 3 ? done : undefined;
      },
      60_000,
    );
    expect(charged.map((t: Json) => t.AccountId).sort()).toEqual([...users].sort());
    for (const t of charged) expect(Date.parse(t.CreatedDateIso)).toBeGreaterThanOrEqual(Date.parse(periodEnd));
    const renewed = await until('the renewals recorded', async () => {
      const rowsNow = await h.database.db.select().from(subscriptions).where(inArray(subscriptions.userId, users));
      return rowsNow.every((r) => r.currentPeriodStart?.toISOString() === periodEnd) ? rowsNow : undefined;
    });
    expect(renewed.map((r) => r.status)).toEqual(['active', 'active', 'active']);
    // Other services heard of each as of a checkout (active, role granted), then of its renewal, in one sequence.
    const eventsOf = async (subscriptionId: string) =>
      h.database.db
        .select()
        .from(eventOutbox)
        .where(eq(eventOutbox.subscriptionId, subscriptionId))
        .orderBy(asc(eventOutbox.sequence));
    const first = renewed[0];
    const events = await until('the renewal events', async () => {
      const now = await eventsOf(first?.id ?? '');
      return now.some((e) => e.type === 'subscription.renewed') ? now : undefined;
    });
    expect(events.map((e) => e.sequence)).toEqual(events.map((_, i) => i + 1));
    expect(events.slice(0, 2)).toMatchObject([
      {
        type: 'subscription.activated',
        data: { userId: first?.userId, status: 'active', currentPeriodEnd: periodEnd },
      },
      { type: 'entitlement.granted', data: { userId: first?.userId, subscriptionId: first?.id, role: 'subscriber' } },
    ]);
    // The same rows sent again: imported already, and not one event more of the import's.
    const importEvents = async () =>
      (await Promise.all(renewed.map((r) => eventsOf(r.id)))).flat().filter((e) => e.id.includes('_import_'));
    expect(await importEvents()).toHaveLength(6);
    const again = await completedJob(h, (await postImport(h, rows)).body.id);
    expect(again).toMatchObject({ imported: 0, alreadyImported: 3, failed: 0 });
    expect(await importEvents()).toHaveLength(6);
  }, 90_000);

  it('a job longer than one run continues-as-new and still takes every row once', async () => {
    const id = newImportJobId();
    const rows = Array.from({ length: 5 }, () => row());
    const seal = createTokenSeal(h.config.inboxEncryptionKey);
    await storeImportJob(h.database.db, { id, requestedBy: 'test', defaultAcquirer: 'cloudpayments', seal }, rows);
    const handle = await h.client.workflow.start(subscriptionImportWorkflow, {
      workflowId: subscriptionImportWorkflowId(id),
      taskQueue: h.config.temporal.taskQueue,
      args: [
        {
          jobId: id,
          total: rows.length,
          offset: 0,
          batchSize: 2,
          batchesPerRun: 2,
          subscription: { checkoutTtlMs: 60_000, termUrl: `${h.apiUrl}/v1/payments/3ds/callback` },
        },
      ],
    });
    const job = await completedJob(h, id);
    expect(job).toMatchObject({ total: 5, imported: 5, failed: 0 });
    expect((await handle.describe()).runId).not.toBe(handle.firstExecutionRunId);
    expect((await importJob(h, id)).imported).toBe(5);
  });
});
