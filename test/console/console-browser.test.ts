import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { activeSubscription, billingClient, createPlan, type Json, until } from '../support/billing-client.js';
import { launchChromium } from '../support/browser.js';
import { type Harness, startHarness } from '../support/harness.js';
import { invariantsOfEachTest } from '../support/invariants.js';
import { checkPage, signIn } from './console-page.js';
import { refundAtTheAcquirerAlone } from './console-states.js';

const DAY = { unit: 'day', count: 1 };

// The console in Debian's Chromium on the real stack: real Temporal dev server, PostgreSQL, sandbox acquirer, HTTP.
describe("operators' console in headless Chromium", () => {
  let h: Harness;
  afterEach(invariantsOfEachTest(() => h));
  let planId: string;
  beforeAll(async () => {
    h = await startHarness({ REFUND_APPROVAL_THRESHOLD: '5000' });
    planId = await createPlan(h, { amount: 10_000, period: DAY });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('a non-admin token is refused at sign-in (403), gets no cookie, and the pages stay closed to it', async () => {
    const browser = await launchChromium();
    try {
      const page = await (await browser.newContext()).newPage();
      await signIn(page, h.apiUrl, await h.token('user-not-admin'));
      await expect.poll(() => page.getByRole('alert').textContent()).toContain('does not carry the admin role');
      expect(await page.context().cookies()).toEqual([]);
      await checkPage(page, 'refused-non-admin');
      const res = await page.goto(`${h.apiUrl}/console/customers/anyone`);
      expect(res?.url()).toBe(`${h.apiUrl}/console/sign-in`);
      // Even holding a session cookie, a non-admin token opens no work queue and no finance page.
      const cookie = `movix_console=${await h.token('user-not-admin')}`;
      for (const path of [
        'queues',
        'queues/refunds',
        'queues/dunning',
        'queues/unknown-payments',
        'queues/discrepancies',
        'queues/events',
        'finance',
      ]) {
        const refused = await fetch(`${h.apiUrl}/console/${path}`, { headers: { cookie }, redirect: 'manual' });
        expect([path, refused.status], await refused.text()).toEqual([path, 403]);
      }
    } finally {
      await browser.close();
    }
  });

  it('finds a customer, reads the timeline, and refunds above the threshold only once a second operator approves', async () => {
    const user = `user-console-${Math.random().toString(36).slice(2, 8)}`;
    const sub = await activeSubscription(h, user, planId);
    const browser = await launchChromium();
    try {
      const maker = await (await browser.newContext()).newPage();
      await signIn(maker, h.apiUrl, await h.token('admin-maker', { admin: true }));
      await maker.getByLabel(/User id, subscription id/).fill(sub.id);
      await maker.getByRole('button', { name: 'Find' }).click();
      await checkPage(maker, 'search');
      await maker.getByRole('link', { name: user }).click();
      await maker.getByRole('heading', { name: `Customer ${user}` }).waitFor();
      const timeline = maker.locator('table tbody');
      await expect.poll(() => timeline.textContent()).toContain('payment.succeeded');
      expect(await timeline.textContent()).toContain(`Subscription ${sub.id}`);
      expect(
        await maker.getByRole('link', { name: `subscription-${sub.id} in the Temporal Web UI` }).getAttribute('href'),
      ).toBe(`http://localhost:8233/namespaces/default/workflows/subscription-${sub.id}`);
      await checkPage(maker, 'customer');

      await maker.locator('summary', { hasText: 'refundable' }).first().click();
      const refundForm = maker.getByRole('form', { name: /^Refund payment/ });
      await refundForm.getByLabel(/Amount in minor units/).fill('8000');
      await refundForm.getByLabel('Reason (kept in the audit log)').fill('customer complained twice');
      await refundForm.getByRole('button', { name: 'Refund payment' }).click();
      await expect.poll(() => maker.locator('.result').textContent()).toMatch(/is now awaiting_approval/);
      await checkPage(maker, 'refund-requested');

      await maker.getByRole('link', { name: 'Back to the customer' }).click();
      expect(await maker.getByText('another operator must decide').count()).toBe(1);
      expect(await maker.getByRole('button', { name: 'Approve refund' }).count()).toBe(0);

      const checker = await (await browser.newContext()).newPage();
      await signIn(checker, h.apiUrl, await h.token('admin-checker', { admin: true }));
      await checker.goto(`${h.apiUrl}/console/customers/${user}`);
      const decision = checker.getByRole('form', { name: /^Approve or reject refund/ });
      await decision.getByLabel('Reason (kept in the audit log)').fill('checked the complaint');
      await checkPage(checker, 'approval');
      await decision.getByRole('button', { name: 'Approve refund' }).click();
      await expect.poll(() => checker.locator('.result').textContent()).toMatch(/is now succeeded$/);

      const audit = await billingClient(h).call(
        'GET',
        `/v1/admin/audit?entityType=refund&actor=admin-checker`,
        'admin-x',
      );
      expect(audit.body.items.map((a: { action: string; reason: string }) => [a.action, a.reason])).toContainEqual([
        'refund.approved',
        'checked the complaint',
      ]);
    } finally {
      await browser.close();
    }
  }, 120_000);

  it('finds a customer by card last four and by acquirer transaction id; the payments list filters by both, paginated', async () => {
    const user = `user-console-find-${Math.random().toString(36).slice(2, 8)}`;
    const sub = await activeSubscription(h, user, planId);
    // Another customer paying with the same test card: two payments end in the same four digits.
    await activeSubscription(h, `${user}-other`, planId);
    const api = billingClient(h);
    const [paid] = (await api.call('GET', `/v1/payments?subscriptionId=${sub.id}`, 'admin-x')).body.items as Json[];
    const byTransaction = await api.call(
      'GET',
      `/v1/payments?providerTransactionId=${paid.providerTransactionId}`,
      'admin-x',
    );
    expect(byTransaction.body.items.map((p: Json) => p.id)).toEqual([paid.id]);
    const firstPage = await api.call('GET', `/v1/payments?cardLastFour=${paid.cardLastFour}&limit=1`, 'admin-x');
    expect([firstPage.body.items[0].cardLastFour, firstPage.body.has_more]).toEqual([paid.cardLastFour, true]);
    const badFilter = await api.call('GET', '/v1/payments?cardLastFour=12a4', 'admin-x');
    expect([badFilter.status, badFilter.body.error.code]).toEqual([400, 'validation_failed']);

    const browser = await launchChromium();
    try {
      const page = await (await browser.newContext()).newPage();
      await signIn(page, h.apiUrl, await h.token('admin-finder', { admin: true }));
      for (const q of [paid.providerTransactionId, paid.cardLastFour, user, paid.id]) {
        await page.getByLabel(/User id, subscription id/).fill(q);
        await page.getByRole('button', { name: 'Find' }).click();
        await page.getByRole('heading', { name: `Customers matching “${q}”` }).waitFor();
        expect(await page.getByRole('link', { name: user, exact: true }).count(), q).toBe(1);
      }
      await page.getByLabel(/User id, subscription id/).fill('nobody-at-all');
      await page.getByRole('button', { name: 'Find' }).click();
      expect(await page.getByRole('status').textContent()).toContain('No customer matches');
    } finally {
      await browser.close();
    }
  }, 120_000);

  it('a refund made at the acquirer alone shows as a discrepancy on the customer page after a run, and is resolved there', async () => {
    const user = `user-console-rec-${Math.random().toString(36).slice(2, 8)}`;
    const sub = await activeSubscription(h, user, planId);
    const api = billingClient(h);
    const [paid] = (await api.call('GET', `/v1/payments?subscriptionId=${sub.id}`, 'admin-x')).body.items as Json[];
    await refundAtTheAcquirerAlone(h, paid.providerTransactionId);

    const browser = await launchChromium();
    try {
      const page = await (await browser.newContext()).newPage();
      await signIn(page, h.apiUrl, await h.token('admin-reconciler', { admin: true }));
      const run = page.getByRole('form', { name: 'Run reconciliation now' });
      await run.getByLabel('Reason (kept in the audit log)').fill('customer says money came back');
      await run.getByRole('button', { name: 'Run reconciliation now' }).click();
      await expect.poll(() => page.locator('.result').textContent()).toMatch(/^reconciliation .* started$/);
      const open = await until(
        'the discrepancy',
        async () => {
          const listed = await api.call('GET', '/v1/admin/reconciliation/discrepancies?resolved=false', 'admin-x');
          return (listed.body.items as Json[]).find(
            (d) => String(d.acquirer?.paymentTransactionId) === String(paid.providerTransactionId),
          );
        },
        60_000,
      );

      await page.goto(`${h.apiUrl}/console/customers/${user}`);
      expect(await page.locator('table tbody').textContent()).toContain(`discrepancy.${open.kind}`);
      const resolve = page.getByRole('form', { name: `Resolve discrepancy ${open.id}` });
      await resolve.getByLabel('Reason (kept in the audit log)').fill('refunded by hand at the acquirer');
      await checkPage(page, 'discrepancy');
      await resolve.getByRole('button', { name: 'Mark resolved' }).click();
      await expect.poll(() => page.locator('.result').textContent()).toBe(`${open.id} is now resolved`);
      await checkPage(page, 'discrepancy-resolved');
      const audit = await api.call('GET', `/v1/admin/audit?entityId=${open.id}`, 'admin-x');
      expect(audit.body.items[0]).toMatchObject({
        actor: 'admin-reconciler',
        reason: 'refunded by hand at the acquirer',
      });
    } finally {
      await browser.close();
    }
  }, 120_000);

  it('cancels at the period end (answered with the still-active subscription); a resend where delivery is off is refused in words', async () => {
    const user = `user-console-cancel-${Math.random().toString(36).slice(2, 8)}`;
    const sub = await activeSubscription(h, user, planId);
    const browser = await launchChromium();
    try {
      const page = await (await browser.newContext()).newPage();
      await signIn(page, h.apiUrl, await h.token('admin-canceller', { admin: true }));
      await page.goto(`${h.apiUrl}/console/customers/${user}`);
      await page.locator('summary', { hasText: 'Cancel this subscription' }).click();
      const cancel = page.getByRole('form', { name: `Cancel subscription ${sub.id}` });
      await cancel.getByLabel('When').selectOption('at_period_end');
      await cancel.getByLabel('Reason (kept in the audit log)').fill('moving abroad');
      await cancel.getByRole('button', { name: 'Cancel subscription' }).click();
      await expect.poll(() => page.locator('.result').textContent()).toBe(`${sub.id} is now active`);
      const after = await billingClient(h).call('GET', `/v1/subscriptions/${sub.id}`, 'admin-x');
      expect(after.body.cancelAtPeriodEnd).toBe(true);

      await page.goto(`${h.apiUrl}/console/customers/${user}`);
      const [event] = (await billingClient(h).call('GET', `/v1/admin/events?subscriptionId=${sub.id}`, 'admin-x')).body
        .items as Json[];
      await page.locator('summary', { hasText: `(${event.id})` }).click();
      const resend = page.getByRole('form', { name: `Resend event ${event.id}` });
      await resend.getByLabel('Reason (kept in the audit log)').fill('receiver lost it');
      await resend.getByRole('button', { name: 'Resend event' }).click();
      // This stack has no EVENTS_URL: the admin API refuses, and the page says why.
      expect(await page.getByRole('alert').textContent()).toBe(
        'Event delivery is switched off in this deployment, so the event cannot be resent.',
      );
      await checkPage(page, 'event-resend');
    } finally {
      await browser.close();
    }
  }, 120_000);

  it('sign-in keeps the token in an HttpOnly, SameSite=Strict cookie scoped to /console; sign-out clears it', async () => {
    const token = await h.token('admin-cookie', { admin: true });
    const signedIn = await h.app.request('/console/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token }).toString(),
    });
    expect(signedIn.status).toBe(303);
    const cookie = signedIn.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^movix_console=[^;]+; Path=\/console; HttpOnly; SameSite=Strict$/);
    const crossSite = await h.app.request('/console/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site' },
      body: new URLSearchParams({ token }).toString(),
    });
    expect([crossSite.status, crossSite.headers.get('set-cookie')]).toEqual([403, null]);
    const search = await h.app.request('/console/search', { headers: { cookie: `movix_console=${token}` } });
    const csrf = (await search.text()).match(/name="csrf" value="([^"]+)"/)?.[1] ?? '';
    const signedOut = await h.app.request('/console/sign-out', {
      method: 'POST',
      headers: { cookie: `movix_console=${token}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf }).toString(),
    });
    expect([signedOut.status, signedOut.headers.get('location')]).toEqual([303, '/console/sign-in']);
    expect(signedOut.headers.get('set-cookie')).toMatch(/^movix_console=; Max-Age=0; Path=\/console/);
  });

  it('a POST without the session CSRF token is refused and changes nothing', async () => {
    const token = await h.token('admin-csrf', { admin: true });
    const res = await fetch(`${h.apiUrl}/console/actions/subscriptions/sub_x/cancel`, {
      method: 'POST',
      headers: { cookie: `movix_console=${token}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'reason=forged&mode=immediately&back=x',
      redirect: 'manual',
    });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('CSRF token is missing or stale');
  });
});
