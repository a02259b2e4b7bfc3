import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { activeSubscription, billingClient, createPlan, type Json, savedCards } from '../support/billing-client.js';
import { launchChromium } from '../support/browser.js';
import { type FastHarness, startFastHarness } from '../support/fast-harness.js';
import { invariantsOfEachTest } from '../support/invariants.js';
import { checkPage, signIn } from './console-page.js';

// On the time-skipping server: the declined renewal is skipped to; the scheduled retry stays ten minutes away.
describe("operators' console: a past-due renewal retried now", () => {
  let h: FastHarness;
  afterEach(invariantsOfEachTest(() => h));
  beforeAll(async () => {
    h = await startFastHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  /** A subscription whose first renewal was declined (5051, once): past_due, its retry ten minutes away. */
  async function pastDue(name: string) {
    const api = billingClient(h);
    const planId = await createPlan(h, { dunningScheduleSeconds: [600, 1200, 1800] });
    const user = `user-console-${name}-${Math.random().toString(36).slice(2, 8)}`;
    const sub = await activeSubscription(h, user, planId);
    const [card] = await savedCards(h, sub.id);
    await api.sandbox(`/tokens/${card?.token}/behavior`, { reasonCode: 5051, times: 1 });
    await h.advancePast(sub.currentPeriodEnd);
    await api.waitForStatus(user, sub.id, 'past_due');
    return { api, planId, user, sub };
  }

  it('shows the decline with its reason, and "Retry the renewal now" answers active and is audited with the operator', async () => {
    const { api, user, sub } = await pastDue('retry');

    const browser = await launchChromium();
    try {
      const page = await (await browser.newContext()).newPage();
      await signIn(page, h.apiUrl, await h.token('admin-retrier', { admin: true }));
      await page.goto(`${h.apiUrl}/console/customers/${user}`);
      expect(await page.locator('.status').first().textContent()).toBe('past_due');
      expect(await page.locator('table tbody').textContent()).toMatch(
        /payment\.declined[\s\S]*declined: .+ \(code 5051, (hard|soft) decline\)/,
      );
      const retry = page.getByRole('form', { name: `Retry the renewal of ${sub.id} now` });
      await retry.getByLabel('Reason (kept in the audit log)').fill('card topped up');
      await checkPage(page, 'past-due');
      await retry.getByRole('button', { name: 'Retry the renewal now' }).click();
      await expect.poll(() => page.locator('.result').textContent()).toBe(`${sub.id} is now active`);
      await checkPage(page, 'retried');
      const audit = (await api.call('GET', `/v1/admin/audit?entityId=${sub.id}`, 'admin-x')).body.items as Json[];
      expect(audit.find((e) => e.actor === 'admin-retrier')).toMatchObject({ reason: 'retry now: card topped up' });
    } finally {
      await browser.close();
    }
  }, 120_000);

  it('guide step 5 from the dunning queue: the row shows attempts, the decline and the next retry; "Retry now" there answers active', async () => {
    const { planId, user, sub } = await pastDue('dunning');
    const browser = await launchChromium();
    try {
      const page = await (await browser.newContext()).newPage();
      await signIn(page, h.apiUrl, await h.token('admin-dunning', { admin: true }));
      await page.getByRole('link', { name: 'Work queues' }).click();
      await page.getByRole('link', { name: 'Subscriptions in dunning' }).click();
      await page.getByLabel('Plan').fill(planId);
      await page.getByRole('button', { name: 'Filter' }).click();
      const row = page.locator('tr', { hasText: sub.id });
      expect(await row.getByRole('link', { name: user }).getAttribute('href')).toBe(`/console/customers/${user}`);
      const cells = (await row.locator('td').allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
      expect(cells[2]).toBe('1');
      expect(cells[3]).toMatch(/\(code 5051, (hard|soft)\)/);
      const nextRetry = new Date(cells[5] ?? '').getTime();
      expect(nextRetry - new Date(sub.currentPeriodEnd).getTime()).toBeGreaterThanOrEqual(590_000);
      await checkPage(page, 'queue-dunning');
      await row.locator('summary', { hasText: 'Retry now' }).click();
      await row.getByLabel('Reason (kept in the audit log)').fill('customer topped the card up');
      await row.getByRole('button', { name: 'Retry the renewal now' }).click();
      await expect.poll(() => page.locator('.result').textContent()).toBe(`${sub.id} is now active`);
      await page.getByRole('link', { name: 'Back to the list' }).click();
      expect(new URL(page.url()).searchParams.get('planId')).toBe(planId);
      expect(await page.getByRole('status').textContent()).toBe('Nothing here.');
    } finally {
      await browser.close();
    }
  }, 120_000);
});
