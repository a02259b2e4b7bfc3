import { randomUUID } from 'node:crypto';
import { WorkflowFailedError } from '@temporalio/client';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryProvider } from '../../acquiring/memory/provider.js';
import { invoices, payments } from '../../db/schema/index.js';
import { refundWorkflowId, subscriptionWorkflowId } from '../../workflows/workflow-ids.js';
import { refundClient } from '../refunds/refund-client.js';
import { acquirerChecks } from '../support/acquirer-checks.js';
import {
  activeSubscription,
  billingClient,
  CARDS,
  createMinutePlan,
  type Json,
  savedCards,
  until,
} from '../support/billing-client.js';
import { type Harness, startHarness } from '../support/harness.js';

// Two acquirers at once on the whole stack: the CloudPayments sandbox (the default at start) and the memory provider
// registered as a second acquirer named `memory`. The API and the worker are restarted with another default, as a
// redeploy with a changed ACQUIRER would, against the same database, Temporal and task queue.
describe('two acquirers at once', () => {
  let h: Harness;
  const memory = createMemoryProvider();
  beforeAll(async () => {
    // Short checkouts, so a link made before the restart expires (and is cancelled) after it.
    h = await startHarness({ CHECKOUT_TTL_SECONDS: '15' }, { extraAcquirers: { memory: memory.provider } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('a subscription started on one acquirer renews and refunds there after the default moves; new checkouts go to the new default; an acquirer dropped from ACQUIRERS fails its payments with acquirer_not_configured', async () => {
    const api = billingClient(h);
    const refunds = refundClient(h);
    const { payments: paymentsOf, listed, forgedPay: webhook, activityResults } = acquirerChecks(h);
    const memoryRefunds = () => listed(memory.provider, 'refund');
    const planId = await createMinutePlan(h);

    const onSandbox = `user-sandbox-${randomUUID()}`;
    const first = await activeSubscription(h, onSandbox, planId);
    expect((await paymentsOf(onSandbox, first.id)).map((p) => [p.acquirer, p.provider, p.status])).toEqual([
      ['cloudpayments', 'cloudpayments', 'succeeded'],
    ]);

    const byLink = `user-link-${randomUUID()}`;
    const unpaid = (await api.subscribe(byLink, { planId: 'monthly' })).body;
    expect(unpaid.checkout.status).toBe('awaiting_payment');

    await h.restart({ defaultAcquirer: 'memory' });

    // A new checkout goes to the new default: the memory acquirer takes its card packet.
    const onMemory = `user-memory-${randomUUID()}`;
    const payment = {
      method: 'card_cryptogram',
      cryptogram: `memory:${CARDS.success.slice(0, 6)}${CARDS.success.slice(-4)}`,
      ipAddress: '203.0.113.7',
    };
    const created = await api.subscribe(onMemory, { planId: 'monthly', payment });
    expect(created.status).toBe(201);
    const second = await api.waitForStatus(onMemory, created.body.subscription.id, 'active');
    const [memoryPayment] = await paymentsOf(onMemory, second.id);
    expect(memoryPayment).toMatchObject({ acquirer: 'memory', provider: 'memory', status: 'succeeded' });
    const [secondInvoice] = await h.database.db.select().from(invoices).where(eq(invoices.subscriptionId, second.id));
    expect(secondInvoice?.acquirer).toBe('memory');
    expect(await memory.provider.findByInvoice(secondInvoice?.id ?? '')).toMatchObject({ status: 'found' });
    // What the Temporal Web UI shows with the charge activity's result.
    expect(await activityResults(subscriptionWorkflowId(second.id))).toContainEqual(
      expect.objectContaining({ outcome: 'succeeded', acquirer: 'memory' }),
    );
    // A hosted-page checkout at the new default is paid there, and memory's notification arrives on memory's route.
    const onMemoryLink = `user-memory-link-${randomUUID()}`;
    const byMemoryLink = (await api.subscribe(onMemoryLink, { planId: 'monthly' })).body;
    expect(byMemoryLink.checkout.paymentUrl).toMatch(/^memory:\/\/pay\//);
    const paid = await memory.controls.payLink(byMemoryLink.checkout.paymentUrl, CARDS.success);
    const note = memory.controls.notification('pay', paid.providerTransactionId ?? '');
    const delivered = await fetch(`${h.apiUrl}/webhooks/memory/pay`, {
      method: 'POST',
      headers: note.headers as Record<string, string>,
      body: note.rawBody,
    });
    expect(delivered.status).toBe(200);
    await api.waitForStatus(onMemoryLink, byMemoryLink.subscription.id, 'active');
    const [linkPayment] = await paymentsOf(onMemoryLink, byMemoryLink.subscription.id);
    expect(linkPayment).toMatchObject({ acquirer: 'memory', status: 'succeeded' });
    expect((await savedCards(h, byMemoryLink.subscription.id)).map((c) => c.provider)).toEqual(['memory']);

    // Each configured acquirer's webhooks on its own route: a forged memory notification is refused by memory.
    expect(await webhook('memory')).toMatchObject({ status: 401, code: 'invalid_signature' });
    expect(await webhook('nowhere')).toMatchObject({ status: 404, code: 'unknown_webhook' });

    // The link made before the restart expires after it, and can no longer be paid: refused by the sandbox once its
    // cancellation (a step after the expiry is recorded) has reached it, declined before that by our `check`, which
    // answers 20 (ReasonCode 3004) for an expired invoice. Either way nothing is captured.
    await api.waitForStatus(byLink, unpaid.subscription.id, 'expired', 40_000);
    const late = await api.payLink(unpaid.checkout.paymentUrl, CARDS.success).then(
      (transaction: Json) => ({ declined: transaction.ReasonCode }),
      (error: Error) => ({ refused: /HTTP/.test(error.message) }),
    );
    expect([{ refused: true }, { declined: 3004 }]).toContainEqual(late);
    expect((await api.ledger(unpaid.checkout.invoiceId)).filter((t) => t.Status === 'Completed')).toEqual([]);

    // The first subscription's renewal is charged to its card where the card is: the sandbox, not the new default.
    const renewal = await until(
      'the renewal invoice paid',
      async () => (await api.invoices(onSandbox, first.id)).find((i) => i.kind === 'renewal' && i.status === 'paid'),
      100_000,
    );
    const charges = (await api.ledger(renewal.id)).filter((t: Json) => t.Status === 'Completed');
    expect(charges.map((t: Json) => t.RequestId)).toEqual([`${renewal.id}:1`]);
    const renewed = await refunds.paidPayment(renewal.id);
    expect(renewed.provider).toBe('cloudpayments');
    expect(await memory.provider.findByInvoice(renewal.id)).toMatchObject({ status: 'not_found' });

    // Its refund goes to the acquirer that took the payment.
    const refund = await refunds.refund(renewed.id, { amount: 300, reason: 'goodwill' });
    expect(refund.status).toBe(202);
    expect(refund.body.acquirer).toBe('cloudpayments');
    expect(await refunds.settled(refund.body.id)).toMatchObject({ status: 'succeeded', acquirer: 'cloudpayments' });
    expect(await refunds.ledgerRefunds(renewal.id)).toHaveLength(1);
    expect(await activityResults(refundWorkflowId(refund.body.id))).toContainEqual(
      expect.objectContaining({ outcome: 'succeeded', acquirer: 'cloudpayments' }),
    );
    expect(await memoryRefunds()).toEqual([]);

    // Reconciliation lists each configured acquirer in turn; each one's payments are compared with its own list.
    const listedAt = async (provider: typeof memory.provider) => (await listed(provider)).length;
    const before = (await listedAt(h.acquirers.get('cloudpayments'))) + (await listedAt(memory.provider));
    const started = await api.call('POST', '/v1/admin/reconciliation/run', 'admin-ops');
    const summary = await h.client.workflow.getHandle(started.body.workflowId).result();
    expect(summary).toMatchObject({ acquirerUnavailable: 0, discrepanciesFound: 0 });
    expect(summary.listedTransactions).toBeGreaterThanOrEqual(before);

    // `memory` leaves ACQUIRERS: its payment is never sent to another acquirer instead.
    await h.restart({ defaultAcquirer: 'cloudpayments', without: ['memory'] });
    expect(await webhook('memory')).toMatchObject({ status: 404, code: 'unknown_webhook' });
    const stranded = await refunds.refund(memoryPayment.id, { amount: 300, reason: 'goodwill' });
    expect([stranded.status, stranded.body.acquirer]).toEqual([202, 'memory']);
    const failure = await h.client.workflow
      .getHandle(refundWorkflowId(stranded.body.id))
      .result()
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    const cause = (failure as WorkflowFailedError).cause?.cause as
      | { type?: string; nonRetryable?: boolean }
      | undefined;
    expect(cause).toMatchObject({ type: 'acquirer_not_configured', nonRetryable: true });
    expect((await refunds.get(stranded.body.id)).status).toBe('pending');
    expect(await memoryRefunds()).toEqual([]);
    const sandboxRefunds = await Promise.all([renewal.id, secondInvoice?.id ?? ''].map(refunds.ledgerRefunds));
    expect(sandboxRefunds.map((r) => r.length)).toEqual([1, 0]);
    const [row] = await h.database.db.select().from(payments).where(eq(payments.id, memoryPayment.id));
    expect(row?.refundedAmount).toBe(0);
  }, 180_000);
});
