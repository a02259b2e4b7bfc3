import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { activeSubscription, billingClient, CARDS, createPlan, type Json } from '../support/billing-client.js';
import { launchChromium } from '../support/browser.js';
import { type Harness, startHarness } from '../support/harness.js';
import { invariantsOfEachTest } from '../support/invariants.js';
import { checkPage, countAfterReload, signIn } from './console-page.js';
import { refundAtTheAcquirerAlone } from './console-states.js';

// The README's "Operators' guide: a stuck or disputed payment", steps 1-4 and 6, walked from the console alone on the
// real stack (step 5, dunning, needs a renewal: console-retry.test.ts walks it on the time-skipping server).
describe("operators' console: the stuck-or-disputed-payment guide over the work queues", () => {
  let h: Harness;
  let api: ReturnType<typeof billingClient>;
  const checkInvariants = invariantsOfEachTest(() => h);
  afterEach(async () => {
    await api?.sandbox('/faults', {}).catch(() => {});
    await checkInvariants();
  });
  beforeAll(async () => {
    h = await startHarness(
      {
        REFUND_APPROVAL_THRESHOLD: '5000',
        CHECKOUT_TTL_SECONDS: '3600',
        RECONCILIATION_INTERVAL_SECONDS: '86400',
        RECONCILIATION_STALE_AFTER_SECONDS: '1',
      },
      // A charge whose answer is lost is given up on (left unknown) after 2 s timeouts instead of 5 s.
      { acquirerTimeoutMs: 2000 },
    );
    api = billingClient(h);
  });
  afterAll(async () => {
    await h?.close();
  });

  /**
   * A card checkout whose every acquirer answer is lost: its payment is left `unknown`, and stays so while the faults
   * last (the workflow's own look-ups time out too); the caller lifts them (`/faults {}`) when the guide settles it.
   */
  async function unknownPayment(user: string): Promise<Json> {
    await api.sandbox('/faults', { timeoutRate: 1, dropNotificationRate: 1 });
    const cryptogram = await api.cryptogram(CARDS.success);
    const created = await api.subscribe(user, {
      planId: 'monthly',
      payment: { method: 'card_cryptogram', cryptogram, ipAddress: '10.0.0.1' },
    });
    expect(created.status).toBe(201);
    const [payment] = (await api.call('GET', `/v1/payments?userId=${user}`, 'admin-x')).body.items as Json[];
    expect(payment.status).toBe('unknown');
    return payment;
  }

  it('1 find by payment id, 2 timeline and Web UI link, 3 unknown payments queue settled by a run, 4 discrepancy resolved in its queue, 6 refund approved from the refunds queue', async () => {
    const planId = await createPlan(h, { amount: 10_000, period: { unit: 'day', count: 1 } });
    const tag = Math.random().toString(36).slice(2, 8);
    const disputed = `user-guide-${tag}`;
    const sub = await activeSubscription(h, disputed, planId);
    const [paid] = (await api.call('GET', `/v1/payments?subscriptionId=${sub.id}`, 'admin-x')).body.items as Json[];
    await refundAtTheAcquirerAlone(h, paid.providerTransactionId);
    const stuck = await unknownPayment(`user-guide-stuck-${tag}`);

    const browser = await launchChromium();
    try {
      const page = await (await browser.newContext()).newPage();
      await signIn(page, h.apiUrl, await h.token('admin-guide', { admin: true }));
      // 1. Find it: by the payment id the complaint names.
      await page.getByLabel(/User id, subscription id/).fill(paid.id);
      await page.getByRole('button', { name: 'Find' }).click();
      await page.getByRole('link', { name: disputed, exact: true }).click();
      // 2. Explain it: the timeline and the workflow in the Temporal Web UI.
      await page.getByRole('heading', { name: `Customer ${disputed}` }).waitFor();
      expect(await page.locator('table tbody').textContent()).toContain(`Payment ${paid.id} of 100.00 RUB`);
      expect(
        await page.getByRole('link', { name: `subscription-${sub.id} in the Temporal Web UI` }).getAttribute('href'),
      ).toMatch(new RegExp(`/workflows/subscription-${sub.id}$`));

      // 3. Stuck unknown: it is in its queue (filtered by its acquirer); a run from there settles it.
      await page.getByRole('link', { name: 'Work queues' }).click();
      await checkPage(page, 'queues');
      await page.getByRole('link', { name: 'Payments with unknown outcome' }).click();
      await page.getByLabel('Acquirer').fill(stuck.acquirer);
      await page.getByRole('button', { name: 'Filter' }).click();
      const stuckRow = page.locator('tr', { hasText: stuck.id });
      expect(await stuckRow.getByRole('link', { name: stuck.userId }).getAttribute('href')).toBe(
        `/console/customers/${stuck.userId}`,
      );
      await checkPage(page, 'queue-unknown-payments');
      await api.sandbox('/faults', {});
      const run = page.getByRole('form', { name: 'Run reconciliation now' });
      await run.getByLabel('Reason (kept in the audit log)').fill('customer says the money left the card');
      await run.getByRole('button', { name: 'Run reconciliation now' }).click();
      await expect.poll(() => page.locator('.result').textContent()).toMatch(/^reconciliation .* started$/);
      await page.getByRole('link', { name: 'Back to the list' }).click();
      await expect.poll(() => countAfterReload(page, stuckRow), { timeout: 60_000, interval: 1000 }).toBe(0);

      // 4. Charged at the acquirer without our record: the run's discrepancy is in its queue; resolve it there.
      await page.goto(`${h.apiUrl}/console/queues/discrepancies`);
      const discrepancy = page.locator('tr', {
        hasText: new RegExp(`paymentTransactionId: ${paid.providerTransactionId}\\b`),
      });
      await expect.poll(() => countAfterReload(page, discrepancy), { timeout: 30_000, interval: 1000 }).toBe(1);
      await checkPage(page, 'queue-discrepancies');
      await discrepancy.locator('summary', { hasText: 'Resolve' }).click();
      const resolve = discrepancy.getByRole('form', { name: /^Resolve discrepancy/ });
      await resolve.getByLabel('Reason (kept in the audit log)').fill('refunded by hand at the acquirer');
      await resolve.getByRole('button', { name: 'Mark resolved' }).click();
      await expect.poll(() => page.locator('.result').textContent()).toMatch(/ is now resolved$/);
      await page.getByRole('link', { name: 'Back to the list' }).click();
      expect(await discrepancy.count()).toBe(0);

      // 6. Disputed: refund from the customer's page; above the threshold a second operator approves it in the queue.
      await page.goto(`${h.apiUrl}/console/customers/${disputed}`);
      await page.locator('summary', { hasText: 'refundable' }).first().click();
      const refund = page.getByRole('form', { name: `Refund payment ${paid.id}` });
      await refund.getByLabel(/Amount in minor units/).fill('8000');
      await refund.getByLabel('Reason (kept in the audit log)').fill('charge disputed by the customer');
      await refund.getByRole('button', { name: 'Refund payment' }).click();
      const refundId = (await page.locator('.result').textContent())?.match(/^(\S+) is now awaiting_approval$/)?.[1];
      expect(refundId).toBeTruthy();

      const checker = await (await browser.newContext()).newPage();
      await signIn(checker, h.apiUrl, await h.token('admin-guide-checker', { admin: true }));
      await checker.goto(`${h.apiUrl}/console/queues/refunds?subscriptionId=${sub.id}`);
      const waiting = checker.locator('tr', { hasText: String(refundId) });
      expect(await waiting.textContent()).toContain('admin-guide');
      await checkPage(checker, 'queue-refunds');
      await waiting.locator('summary', { hasText: 'Approve or reject' }).click();
      await waiting.getByLabel('Reason (kept in the audit log)').fill('dispute checked');
      await waiting.getByRole('button', { name: 'Approve refund' }).click();
      await expect.poll(() => checker.locator('.result').textContent()).toBe(`${refundId} is now succeeded`);
      const audit = await api.call('GET', `/v1/admin/audit?entityId=${refundId}`, 'admin-x');
      expect(audit.body.items.map((a: Json) => [a.actor, a.reason])).toContainEqual([
        'admin-guide-checker',
        'dispute checked',
      ]);
    } finally {
      await browser.close();
    }
  }, 180_000);

  it('the events queue pages with "Next page" (starting_after, same filter); finance draws its SVG charts under the CSP', async () => {
    const user = `user-guide-events-${Math.random().toString(36).slice(2, 8)}`;
    const sub = await activeSubscription(h, user, 'monthly');
    const browser = await launchChromium();
    try {
      const page = await (await browser.newContext()).newPage();
      const blocked: string[] = [];
      page.on('console', (m) => m.text().includes('Content Security Policy') && blocked.push(m.text()));
      await signIn(page, h.apiUrl, await h.token('admin-guide-finance', { admin: true }));
      // This stack has no EVENTS_URL: every event of the subscription waits undelivered.
      await page.goto(`${h.apiUrl}/console/queues/events?subscriptionId=${sub.id}&limit=1`);
      const first = await page.locator('tbody tr .kind').textContent();
      await checkPage(page, 'queue-events');
      await page.getByRole('link', { name: 'Next page' }).click();
      const next = new URL(page.url());
      expect([next.searchParams.get('subscriptionId'), next.searchParams.get('starting_after')]).toEqual([
        sub.id,
        first?.match(/(evt_\S+)/)?.[1],
      ]);
      expect(await page.locator('tbody tr .kind').textContent()).not.toBe(first);

      await page.getByRole('link', { name: 'Finance' }).click();
      await page.getByRole('heading', { name: 'Finance' }).waitFor();
      const live = page.getByRole('img', { name: /^Live subscriptions by plan and status: .*monthly · active \d+/ });
      const box = await live.boundingBox();
      expect(box?.width).toBeGreaterThan(100);
      expect(await live.locator('rect.bar').count()).toBeGreaterThan(0);
      expect(await page.getByRole('img', { name: /^Renewals on .*paid \d+, declined \d+$/ }).count()).toBe(1);
      expect(await page.getByRole('table', { name: 'Monthly recurring revenue' }).textContent()).toMatch(
        /RUB\s*\d+\.\d{2} RUB/,
      );
      await checkPage(page, 'finance');
      await page.getByLabel(/Renewals of the UTC day/).fill('2026-01-15');
      await page.getByRole('button', { name: 'Show' }).click();
      await page.getByRole('heading', { name: 'Renewals on 2026-01-15' }).waitFor();
      expect(blocked).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 120_000);
});
