import { randomUUID } from 'node:crypto';
import { Client } from '@temporalio/client';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryProvider } from '../../acquiring/memory/provider.js';
import { createAcquirers } from '../../acquiring/registry.js';
import { createActivities } from '../../activities/index.js';
import { seedCatalog } from '../../catalog/seed-catalog.js';
import { loadConfig } from '../../config/config.js';
import { type DbHandle, openDb } from '../../db/create-db.js';
import {
  invoices,
  paymentMethods,
  payments,
  reconciliationDiscrepancies,
  subscriptions,
} from '../../db/schema/index.js';
import { CARDS } from '../support/billing-client.js';
import { createFreshDatabase } from '../support/fresh-database.js';

// The activities against a real database with two in-memory acquirers, `memory` and `memory-b`: which acquirer each
// call reaches is decided by the rows (invoice, card, payment), never by the default of the moment.
const config = loadConfig({});
const memory = createMemoryProvider();
const memoryB = createMemoryProvider();
const providers = { memory: memory.provider, 'memory-b': { ...memoryB.provider, name: 'memory-b' } };

let fresh: Awaited<ReturnType<typeof createFreshDatabase>>;
let handle: DbHandle;
beforeAll(async () => {
  fresh = await createFreshDatabase();
  handle = await openDb({ url: fresh.url, dataDir: config.database.dataDir, maxConnections: 2 });
  await seedCatalog(handle.db, { shortPeriodsEnabled: false });
});
afterAll(async () => {
  await handle?.close();
  await fresh?.drop();
});

/** The worker's activities as a deploy with these ACQUIRERS and this default would build them. */
const deployed = (names: string[], defaultName: string) =>
  createActivities({
    db: handle.db,
    acquirers: createAcquirers({ ...config.acquiring, names, provider: defaultName }, { providers }),
    workerIdentity: 'acquirer-rows-test',
    now: () => new Date(),
    publicBaseUrl: config.http.publicBaseUrl,
    threeDsStateSecret: config.threeDsStateSecret,
    inboxEncryptionKey: config.inboxEncryptionKey,
    receipts: config.receipts,
    events: { endpoints: [], secrets: [], timeoutMs: 1000 },
    // Never used here: nothing in this file starts a workflow (the client connects only when first called).
    temporal: { client: new Client(), taskQueue: 'acquirer-rows-test' },
  });

describe('which acquirer each activity reaches', () => {
  const both = ['memory', 'memory-b'];
  const user = `user-${randomUUID()}`;
  const subscriptionId = `sub-${randomUUID()}`;
  const invoice = async (kind: 'initial' | 'renewal') => {
    const id = `inv-${randomUUID()}`;
    const at = new Date();
    await handle.db
      .insert(invoices)
      .values({ id, subscriptionId, kind, amount: 29900, currency: 'RUB', periodStart: at, periodEnd: at });
    return { subscriptionId, userId: user, invoiceId: id, attempt: 1, amount: 29900, currency: 'RUB' };
  };

  it('checks out at the default, renews at the card’s acquirer after the default changes, and refuses a retired one', async () => {
    await handle.db
      .insert(subscriptions)
      .values({ id: subscriptionId, userId: user, planId: 'monthly', status: 'active' });
    const initial = await invoice('initial');
    const cryptogram = memoryB.controls.cryptogram(CARDS.success);
    const checkout = await deployed(both, 'memory-b').chargeCardForInvoice({
      ...initial,
      cryptogram,
      ipAddress: '203.0.113.9',
    });
    expect(checkout).toMatchObject({ outcome: 'succeeded', acquirer: 'memory-b' });
    const [opened] = await handle.db.select().from(invoices).where(eq(invoices.id, initial.invoiceId));
    expect(opened?.acquirer).toBe('memory-b');
    const cards = await handle.db
      .select()
      .from(paymentMethods)
      .where(eq(paymentMethods.subscriptionId, subscriptionId));
    expect(cards.map((c) => c.provider)).toEqual(['memory-b']);

    // The default is now `memory`: the renewal still goes to the card's acquirer.
    const renewal = await invoice('renewal');
    expect(await deployed(both, 'memory').chargeInvoice(renewal)).toMatchObject({
      outcome: 'succeeded',
      acquirer: 'memory-b',
    });
    expect(await memoryB.provider.findByInvoice(renewal.invoiceId)).toMatchObject({ status: 'found' });
    expect(await memory.provider.findByInvoice(renewal.invoiceId)).toMatchObject({ status: 'not_found' });

    // A finding that names no acquirer is stored with its payment's, not with the default.
    const [renewed] = await handle.db.select().from(payments).where(eq(payments.invoiceId, renewal.invoiceId));
    const runId = `run-${randomUUID()}`;
    const finding = { kind: 'status_mismatch' as const, paymentId: renewed?.id, ours: null, acquirer: null };
    await deployed(both, 'memory').recordDiscrepancies({ runId, items: [finding] });
    const [stored] = await handle.db
      .select()
      .from(reconciliationDiscrepancies)
      .where(eq(reconciliationDiscrepancies.runId, runId));
    expect(stored?.provider).toBe('memory-b');

    // `memory-b` leaves ACQUIRERS: its card is never charged elsewhere.
    const stranded = await invoice('renewal');
    await expect(deployed(['memory'], 'memory').chargeInvoice(stranded)).rejects.toMatchObject({
      type: 'acquirer_not_configured',
      nonRetryable: true,
    });
    expect(await memory.provider.findByInvoice(stranded.invoiceId)).toMatchObject({ status: 'not_found' });

    // A card saved at `memory` since that attempt began: the attempt ends as a soft decline, the next one goes there.
    const other = await memory.provider.chargeCard({
      paymentId: `pay-${randomUUID()}`,
      idempotencyKey: randomUUID(),
      invoiceId: `card-${randomUUID()}`,
      accountId: user,
      returnUrl: 'http://127.0.0.1/return',
      amount: 100,
      currency: 'RUB',
      cryptogram: memory.controls.cryptogram(CARDS.otherSuccess),
      ipAddress: '203.0.113.9',
    });
    await handle.db.insert(paymentMethods).values({
      id: `pm-${randomUUID()}`,
      subscriptionId,
      provider: 'memory',
      token: other.token ?? '',
      createdAt: new Date(Date.now() + 1000),
    });
    const moved = await deployed(both, 'memory').chargeInvoice(stranded);
    expect(moved).toMatchObject({
      outcome: 'declined',
      declineCode: 'payment_method_moved',
      declineClass: 'soft',
      acquirer: 'memory-b',
    });
    const next = await deployed(both, 'memory-b').chargeInvoice({ ...stranded, attempt: 2 });
    expect(next).toMatchObject({ outcome: 'succeeded', acquirer: 'memory' });
  });
});
