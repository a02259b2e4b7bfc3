import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscriptionContacts, subscriptions } from '../../db/schema/index.js';
import { billingClient } from '../support/billing-client.js';
import { type Harness, startHarness } from '../support/harness.js';

/** The receipt contact (54-FZ) a checkout must have: the body's `customer`, else the token's claims. */
describe('POST /v1/subscriptions: the receipt contact', () => {
  let h: Harness;
  const subscribe = async (
    user: string,
    body: Record<string, unknown>,
    claims: { email?: string | null; phone?: string } = {},
  ) => {
    const token = await h.token(user, claims);
    const res = await fetch(`${h.apiUrl}/v1/subscriptions`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'idempotency-key': randomUUID(),
      },
      body: JSON.stringify({ planId: 'monthly', ...body }),
    });
    return {
      status: res.status,
      body: (await res.json()) as {
        subscription: { id: string };
        error: { code: string; details: unknown };
      },
    };
  };
  const contactOf = async (subscriptionId: string) =>
    (
      await h.database.db
        .select({ email: subscriptionContacts.email, phone: subscriptionContacts.phone })
        .from(subscriptionContacts)
        .where(eq(subscriptionContacts.subscriptionId, subscriptionId))
    )[0];

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('is the checkout’s own when given (phone kept as E.164 digits), over the token’s claims', async () => {
    const user = `contact-${randomUUID().slice(0, 8)}`;
    const res = await subscribe(user, { customer: { email: 'payer@example.test', phone: '+79001234567' } });
    expect(res.status).toBe(201);
    expect(await contactOf(res.body.subscription.id)).toEqual({ email: 'payer@example.test', phone: '79001234567' });
  });

  it('is the token’s email and phone_number claims otherwise', async () => {
    const user = `claims-${randomUUID().slice(0, 8)}`;
    const res = await subscribe(user, {}, { email: 'claimed@example.test', phone: '+7 900 765-43-21' });
    expect(res.status).toBe(201);
    expect(await contactOf(res.body.subscription.id)).toEqual({ email: 'claimed@example.test', phone: '79007654321' });
  });

  it('missing everywhere: 422 customer_contact_required, and no subscription is started', async () => {
    const user = `nobody-${randomUUID().slice(0, 8)}`;
    const res = await subscribe(user, {}, { email: null });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('customer_contact_required');
    expect(await h.database.db.select().from(subscriptions).where(eq(subscriptions.userId, user))).toEqual([]);
  });

  it.each([
    [{ email: 'not-an-address' }, 'json.customer.email'],
    [{ phone: '8 (900) 123' }, 'json.customer.phone'],
    [{ phone: '+0123456789' }, 'json.customer.phone'],
    [{ fax: '123' }, 'json.customer'],
  ])('refuses a malformed contact %j (400, naming %s)', async (customer, path) => {
    const res = await subscribe(`bad-${randomUUID().slice(0, 8)}`, { customer });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(JSON.stringify(res.body.error.details)).toContain(path);
  });

  it('the harness users have an e-mail claim by default, so ordinary checkouts need no contact', async () => {
    const res = await billingClient(h).subscribe(`plain-${randomUUID().slice(0, 8)}`, { planId: 'monthly' });
    expect(res.status).toBe(201);
    expect((await contactOf(res.body.subscription.id))?.email).toMatch(/^plain-.*@example\.test$/);
  });
});
